/**
 * Source sites: each record's `line` (its flags field, __LINE__ of its TRACE call) together
 * with its event names one trace point, which the schema's site table places in a file and
 * function of the kernel.
 */
import { eventId } from "../trace/schema";
import type { Site, TraceTable } from "../trace/types";

/** Maps (event id, line) to the site, for one schema. */
export class SiteIndex {
  private readonly sites = new Map<number, Site>();

  constructor(private readonly table: TraceTable) {
    for (const site of table.schema.sites ?? []) {
      const id = eventId(table.schema, site.event);
      if (id >= 0) this.sites.set(id * 65536 + site.line, site);
    }
  }

  /** The site of record `index`, if the schema knows it (records of line 0 have none). */
  siteOf(index: number): Site | undefined {
    if (index < 0 || index >= this.table.count) return undefined;
    return this.sites.get(this.table.type[index] * 65536 + this.table.line[index]);
  }
}
