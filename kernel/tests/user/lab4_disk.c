/*
 * lab4_disk.c - Lab 4's disk checks from the client's side: the whole system runs, init
 * starts the ATA driver from its manifest line and runs this program as a process
 * (`run=lab4_disk,MODE,FIRST,COUNT[,SEED]`; the grader's manifest gives processes call=ata).
 * labs/lab4/disk_checks.py prepares the disk copy and judges the bytes from outside.
 *
 * Modes (argv[1]):
 *   read FIRST COUNT        the disk's size (BLOCK_INFO, from the drive's IDENTIFY), then
 *                           sectors FIRST.. in runs of 1, 7, 8 and 48 sectors (and so on),
 *                           an FNV-1a checksum per run: "checksum of sectors A..B: 0x...".
 *                           The grader wrote random bytes there just before the boot.
 *   write FIRST COUNT SEED  the pattern of SEED (pattern_word) written to sectors FIRST..
 *                           in the same runs, then flushed: "wrote sectors A..B". The
 *                           grader reads them from the disk copy after QEMU has ended.
 *
 * Expected: each mode ends with "lab4_disk: PASS" and status 0, or "lab4_disk: FAIL: what" and 1.
 */
#include "block_client.h"
#include "program.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"

#define NAME "lab4_disk"
#define RUN_PATTERN_LENGTH 4u
static const unsigned run_lengths[RUN_PATTERN_LENGTH] = { 1, 7, 8, 48 };

static struct block_client disk;

/* Word @p index (0..127) of sector @p sector in the pattern of @p seed: xorshift32 from a
 * start made of both (labs/lab4/disk_checks.py's pattern() computes the same). */
static uint32_t pattern_word(uint32_t sector, unsigned index, uint32_t seed)
{
    uint32_t x = (seed ^ (sector * 2654435761u)) | 1u;
    for (unsigned i = 0; i <= index; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    return x;
}

static uint32_t fnv1a(const uint8_t *bytes, unsigned length)
{
    uint32_t hash = 2166136261u;
    for (unsigned i = 0; i < length; i++)
        hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

static int fail(const char *what, uint32_t sector, int got)
{
    printf(NAME ": FAIL: %s at sector %u (got %d, %s)\n", what, (unsigned)sector, got, error_name(got));
    return 1;
}

static unsigned run_length(unsigned index, unsigned left)
{
    unsigned length = run_lengths[index % RUN_PATTERN_LENGTH];
    return length < left ? length : left;
}

static int read_runs(uint32_t first, unsigned count)
{
    for (unsigned done = 0, i = 0; done < count; i++) {
        unsigned run = run_length(i, count - done);
        int got = block_read(&disk, first + done, run);
        if (got != (int)run)
            return fail("block_read", first + done, got);
        printf(NAME ": checksum of sectors %u..%u: 0x%08x\n", (unsigned)(first + done),
               (unsigned)(first + done + run - 1), (unsigned)fnv1a(disk.buffer, run * BLOCK_SECTOR_SIZE));
        done += run;
    }
    return 0;
}

static int write_runs(uint32_t first, unsigned count, uint32_t seed)
{
    for (unsigned done = 0, i = 0; done < count; i++) {
        unsigned run = run_length(i, count - done);
        uint32_t *words = (uint32_t *)disk.buffer;
        for (unsigned s = 0; s < run; s++)
            for (unsigned w = 0; w < BLOCK_SECTOR_SIZE / 4; w++)
                words[s * BLOCK_SECTOR_SIZE / 4 + w] = pattern_word(first + done + s, w, seed);
        int got = block_write(&disk, first + done, run);
        if (got != (int)run)
            return fail("block_write", first + done, got);
        done += run;
    }
    int got = block_flush(&disk);
    if (got != 0)
        return fail("block_flush", first, got);
    printf(NAME ": wrote sectors %u..%u\n", (unsigned)first, (unsigned)(first + count - 1));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "write") == 0 && argc < 5)) {
        printf(NAME ": FAIL: usage: " NAME " read FIRST COUNT | write FIRST COUNT SEED\n");
        return 1;
    }
    uint32_t first = (uint32_t)strtoul(argv[2], NULL, 0);
    unsigned count = (unsigned)strtoul(argv[3], NULL, 0);
    int got = block_connect(&disk, START_SLOT_NS);
    if (got != 0)
        return fail("block_connect", 0, got);
    printf(NAME ": disk of %u sectors, model \"%s\"\n", (unsigned)disk.sectors, disk.model);
    int status = strcmp(argv[1], "read") == 0 ? read_runs(first, count)
                 : write_runs(first, count, (uint32_t)strtoul(argv[4], NULL, 0));
    block_close(&disk);
    if (status == 0)
        printf(NAME ": PASS\n");
    return status;
}
