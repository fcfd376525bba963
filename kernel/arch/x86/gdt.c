/*
 * gdt.c - builds the GDT (flat kernel and user segments, the main TSS and the double-fault
 * task's TSS) and loads it.
 */
#include "gdt.h"
#include "string.h"

struct gdt_descriptor {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t base_middle;
    uint8_t access;
    uint8_t flags_limit_high;
    uint8_t base_high;
} __attribute__((packed));

struct gdt_pointer {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "a 32-bit TSS is 104 bytes");

/* The main TSS: of its hardware fields only ss0/esp0 and the I/O map base are set. */
struct main_tss {
    struct tss hardware;
    uint8_t io_bitmap[IO_BITMAP_BYTES + 1]; /* the last byte must be 0xFF */
};

/* iomap_base beyond the TSS limit: no bitmap, every port denied to user mode. */
#define IOMAP_NONE 0xFFFF
#define IOMAP_PRESENT offsetof(struct main_tss, io_bitmap)
bool io_bitmap_loaded;

#define ACCESS_PRESENT 0x80
#define ACCESS_RING3 0x60
#define ACCESS_CODE_OR_DATA 0x10
#define ACCESS_EXECUTABLE 0x08
#define ACCESS_READ_WRITE 0x02
#define ACCESS_TSS_32BIT_AVAILABLE 0x09
#define FLAGS_4K_32BIT 0xC0

enum {
    GDT_NULL, GDT_KERNEL_CODE, GDT_KERNEL_DATA, GDT_USER_CODE, GDT_USER_DATA, GDT_TSS,
    GDT_DOUBLE_FAULT_TSS, GDT_ENTRIES
};

static struct gdt_descriptor gdt[GDT_ENTRIES];
static struct main_tss tss __attribute__((aligned(16)));

static void gdt_set(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[index] = (struct gdt_descriptor){
        .limit_low = limit & 0xFFFF,
        .base_low = base & 0xFFFF,
        .base_middle = (base >> 16) & 0xFF,
        .access = access,
        .flags_limit_high = (uint8_t)(flags | ((limit >> 16) & 0x0F)),
        .base_high = (base >> 24) & 0xFF,
    };
}

void gdt_init(const struct tss *double_fault_tss)
{
    const uint8_t code = ACCESS_PRESENT | ACCESS_CODE_OR_DATA | ACCESS_EXECUTABLE | ACCESS_READ_WRITE;
    const uint8_t data = ACCESS_PRESENT | ACCESS_CODE_OR_DATA | ACCESS_READ_WRITE;

    gdt_set(GDT_KERNEL_CODE, 0, 0xFFFFF, code, FLAGS_4K_32BIT);
    gdt_set(GDT_KERNEL_DATA, 0, 0xFFFFF, data, FLAGS_4K_32BIT);
    gdt_set(GDT_USER_CODE, 0, 0xFFFFF, code | ACCESS_RING3, FLAGS_4K_32BIT);
    gdt_set(GDT_USER_DATA, 0, 0xFFFFF, data | ACCESS_RING3, FLAGS_4K_32BIT);

    memset(&tss, 0, sizeof tss);
    tss.hardware.ss0 = SEL_KERNEL_DATA;
    tss.hardware.iomap_base = IOMAP_NONE;
    tss.io_bitmap[IO_BITMAP_BYTES] = 0xFF;
    gdt_set(GDT_TSS, (uint32_t)&tss, sizeof tss - 1, ACCESS_PRESENT | ACCESS_TSS_32BIT_AVAILABLE, 0);
    gdt_set(GDT_DOUBLE_FAULT_TSS, (uint32_t)double_fault_tss, sizeof *double_fault_tss - 1,
            ACCESS_PRESENT | ACCESS_TSS_32BIT_AVAILABLE, 0);

    struct gdt_pointer pointer = { sizeof gdt - 1, (uint32_t)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "mov %1, %%ds\n mov %1, %%es\n mov %1, %%fs\n mov %1, %%gs\n mov %1, %%ss\n"
        "ljmp %2, $1f\n"
        "1:\n"
        "ltr %w3\n"
        :
        : "m"(pointer), "r"(SEL_KERNEL_DATA), "i"(SEL_KERNEL_CODE), "r"(SEL_TSS)
        : "memory");
    /*
     * The CPU leaves reset with a usable LDT over linear 0..0xFFFF (base 0, limit 0xFFFF),
     * memory any task may map: its own descriptors there (a call gate to ring 0, a task
     * gate) would be honoured. A null LDT makes every selector with TI set raise #GP. Both
     * TSSes name the null LDT too (their ldt fields are 0), so the double-fault task
     * switch loads the same.
     */
    __asm__ volatile("lldt %w0" : : "r"(SEL_NULL_LDT));
}

uint32_t *const tss_esp0 = &tss.hardware.esp0;

const struct tss *gdt_main_tss(void) { return &tss.hardware; }

void tss_set_io_bitmap(const uint8_t *bitmap, bool copy)
{
    io_bitmap_loaded = bitmap != NULL;
    if (!bitmap) {
        tss.hardware.iomap_base = IOMAP_NONE;
        return;
    }
    if (copy)
        memcpy(tss.io_bitmap, bitmap, IO_BITMAP_BYTES);
    tss.hardware.iomap_base = IOMAP_PRESENT;
}
