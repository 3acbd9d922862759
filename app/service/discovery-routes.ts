/**
 * The discovery endpoints (RFC 7644 §4) of one endpoint: the documents discovery.ts builds, as
 * the endpoint's profile shapes them (app/profiles/discovery-view.ts).
 */
import type { Profile } from '../../shared/profile';
import { resourceTypesFor, schemaFor, schemaShown, schemasFor } from '../profiles/discovery-view';
import {
  listResponse,
  resourceTypeDocuments,
  schemaDocument,
  schemaDocuments,
  serviceProviderConfig,
} from '../scim/discovery';
import { notFound } from '../scim/errors';
import { schemaById } from '../scim/schemas';

/** The document at `/<first>[/<id>]` when it is a discovery path, else null (404 for an unknown id). */
export function discoveryDocument(first: string, id: string | undefined, baseUrl: string, profile: Profile) {
  switch (first) {
    case 'serviceproviderconfig':
      return serviceProviderConfig(baseUrl, profile);
    case 'schemas': {
      if (!id) {
        const docs = schemasFor(schemaDocuments(baseUrl), profile);
        return listResponse(docs, docs.length, 1);
      }
      const schema = schemaById(id);
      if (!schema || !schemaShown(schema.id, profile)) throw notFound(`No schema ${id}`);
      return schemaFor(schemaDocument(schema, baseUrl), profile);
    }
    case 'resourcetypes': {
      const docs = resourceTypesFor(resourceTypeDocuments(baseUrl), profile);
      if (!id) return listResponse(docs, docs.length, 1);
      const doc = docs.find((d) => d.id.toLowerCase() === id.toLowerCase());
      if (!doc) throw notFound(`No resource type ${id}`);
      return doc;
    }
    default:
      return null;
  }
}
