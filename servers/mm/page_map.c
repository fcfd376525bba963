/*
 * page_map.c - a process's page map (page_map.h). The directory and the tables are pages
 * of mm's own (own_pages.h); a directory entry is the table's own page number plus one.
 */
#include "page_map.h"
#include "own_pages.h"

#define TABLE_SPAN (PAGE_MAP_TABLE_ENTRIES * PAGE_SIZE)

_Static_assert(PAGE_MAP_TABLE_ENTRIES * sizeof(struct page_entry) == PAGE_SIZE, "a table is a page");
_Static_assert(PAGE_MAP_TABLES * sizeof(uint16_t) <= PAGE_SIZE, "the directory is a page");

static struct page_entry *table_at(uint16_t number)
{
    return (struct page_entry *)(MM_OWN_PAGES_BASE + (number - 1u) * PAGE_SIZE);
}

struct page_entry *page_map_find(const struct page_map *map, unsigned vaddr)
{
    unsigned table = vaddr / TABLE_SPAN;
    if (!map->directory || table >= PAGE_MAP_TABLES || !map->directory[table])
        return NULL;
    return &table_at(map->directory[table])[(vaddr / PAGE_SIZE) % PAGE_MAP_TABLE_ENTRIES];
}

struct page_entry *page_map_entry(struct page_map *map, unsigned vaddr)
{
    unsigned table = vaddr / TABLE_SPAN;
    if (table >= PAGE_MAP_TABLES)
        return NULL;
    if (!map->directory && !(map->directory = own_pages_alloc(1)))
        return NULL;
    if (!map->directory[table]) {
        void *page = own_pages_alloc(1);
        if (!page)
            return NULL;
        map->directory[table] = (uint16_t)(((unsigned)page - MM_OWN_PAGES_BASE) / PAGE_SIZE + 1);
        map->tables++;
    }
    return page_map_find(map, vaddr);
}

void page_map_for_each(struct page_map *map,
                       void (*visit)(unsigned vaddr, struct page_entry *entry, void *context),
                       void *context)
{
    for (unsigned table = 0; map->directory && table < PAGE_MAP_TABLES; table++) {
        if (!map->directory[table])
            continue;
        struct page_entry *entries = table_at(map->directory[table]);
        for (unsigned i = 0; i < PAGE_MAP_TABLE_ENTRIES; i++)
            if (entries[i].state != PAGE_NONE)
                visit(table * TABLE_SPAN + i * PAGE_SIZE, &entries[i], context);
    }
}

void page_map_destroy(struct page_map *map)
{
    for (unsigned table = 0; map->directory && table < PAGE_MAP_TABLES; table++)
        if (map->directory[table])
            own_pages_free(table_at(map->directory[table]), 1);
    if (map->directory)
        own_pages_free(map->directory, 1);
    *map = (struct page_map){ 0 };
}
