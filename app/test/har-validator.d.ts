declare module 'har-validator' {
  const validator: { har(data: unknown): Promise<boolean> };
  export default validator;
}
