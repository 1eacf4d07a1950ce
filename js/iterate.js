// iterateAssociations: every association of a record, page after page, as an async iterable.
// Pages are fetched lazily, so `break` stops further requests.
export function installIterate(Client) {
  Object.defineProperty(Client.prototype, "iterateAssociations", {
    configurable: true,
    writable: true,
    value: async function* iterateAssociations(params) {
      let after = params?.after;
      do {
        const page = await this.listAssociations({ ...params, after });
        yield* page.results;
        after = page.paging?.next?.after;
      } while (after);
    },
  });
  return Client;
}
