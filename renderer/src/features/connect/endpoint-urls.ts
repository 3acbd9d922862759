/**
 * The addresses Entra is given for one endpoint, on the tunnel's host: the endpoint's own path
 * (`/scim/v2` for the default endpoint, `/scim/<name>/v2` for the others) behind `https://<host>`.
 */
const onHost = (host: string, local: string) => `https://${host}${new URL(local).pathname}`;

export const endpointTenantUrl = (host: string, scimUrl: string) => onHost(host, scimUrl);
export const endpointTokenUrl = (host: string, tokenUrl: string) => onHost(host, tokenUrl);
