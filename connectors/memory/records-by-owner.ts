/**
 * Records grouped by the id of what owns them (a customer, a bank), kept in insertion order.
 * Grouping makes "is this record that customer's?" a lookup, which is how the memory adapter
 * answers OBP's not-found codes for ids that exist but belong to someone else.
 */
export class RecordsByOwner<T> {
  private readonly owners = new Map<string, Map<string, T>>();

  /** The owner's records, oldest insertion first. */
  list(ownerId: string): T[] {
    return [...(this.owners.get(ownerId)?.values() ?? [])];
  }

  /** The record, or undefined when it does not exist or belongs to another owner. */
  get(ownerId: string, id: string): T | undefined {
    return this.owners.get(ownerId)?.get(id);
  }

  set(ownerId: string, id: string, record: T): void {
    let records = this.owners.get(ownerId);
    if (!records) {
      records = new Map();
      this.owners.set(ownerId, records);
    }
    records.set(id, record);
  }

  /** False when the owner had no such record. */
  delete(ownerId: string, id: string): boolean {
    return this.owners.get(ownerId)?.delete(id) ?? false;
  }
}
