/*
 * ata_client.c - the ATA block driver (servers/ata, "ata") from its clients' side, in the
 * whole system: init starts the driver from its manifest line and runs this program as a
 * process (kernel command line `run=ata_client,MODE`; the test's manifest gives processes
 * call=ata). kernel/tests/test_sys_ata.py attaches a fresh copy of build/disk.img and judges
 * the bytes from outside after the machine stopped.
 *
 * Modes (argv[1]):
 *   disk    BLOCK_INFO (size, model); checksums (FNV-1a) of sectors 0..255 (two reads of
 *           BLOCK_MAX_SECTORS) and 1000..1002, for the test to compare with the image's;
 *           a pattern written to the 64 sectors WRITE_FIRST (from the end) on, read back
 *           and flushed, for the test to find in the copy; requests past the end, of bad
 *           counts, huge sectors, unknown labels, wrong word counts, a bad page and a
 *           transfer without a connection all refused, the driver still serving; three
 *           child processes writing and reading their own sectors at once; the
 *           instructions of a 4 KiB read (`bench: ata_read_4k N instructions`).
 *   nodisk  no disk attached (or a disk that never interrupts: the driver's IDENTIFY timed
 *           out): connecting gets BLOCK_ERR_NO_DEVICE, and so do BLOCK_INFO, READ, FLUSH.
 *   ioerror the disk fails reads of sector IO_ERROR_READ and writes of IO_ERROR_WRITE (QEMU's
 *           blkdebug): those get BLOCK_ERR_IO, and the sectors around them still work.
 *   child K (spawned by `disk`) its own 16 sectors CHILD_FIRST(K), pattern seed 100 + K.
 *   hold    (spawned by `disk`) connect, keep the connection HOLD_TICKS, close.
 *   over    (spawned by `disk` while the table is full) connecting gets ERR_NO_MEMORY.
 *
 * Expected: one "ata_client: ..." line per behaviour, then "ata_client: PASS" and exit
 * status 0; a failed check prints "ata_client: FAIL: what" and exits 1.
 */
#include "block_client.h"
#include "pm_client.h"
#include "proto/nameserver.h"
#include "program.h"
#include "slot.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"
#include "thread_start.h"
#include "tsc.h"

#define NAME "ata_client"
/* The pattern's sectors, counted back from the end of the disk (free blocks of the image). */
#define WRITE_FROM_END 1024u
#define WRITE_COUNT 64u
#define WRITE_SEED 7u
#define CHILDREN 3u
#define CHILD_FROM_END 512u
#define CHILD_COUNT 16u
#define BENCH_ROUNDS 20u
#define BENCH_BATCHES 8u
#define BENCH_SECTOR 2048u
#define HOLD_TICKS 400u   /* how long a holder keeps its connection */
#define SETTLE_TICKS 100u /* time enough for the holders to connect (each takes < 1 tick) */
#define IO_ERROR_READ 1000u  /* test_sys_ata.py's blkdebug rules */
#define IO_ERROR_WRITE 3000u

static struct block_client disk;
static unsigned failures;

static void check(bool ok, const char *what, int got)
{
    if (!ok) {
        printf(NAME ": FAIL: %s (got %d, %s)\n", what, got, error_name(got));
        failures++;
    }
}

/* The byte at offset @p offset of sector @p sector in the pattern of @p seed (the test
 * computes the same: test_sys_ata.py's pattern()). */
static uint8_t pattern_byte(uint32_t sector, unsigned offset, unsigned seed)
{
    return (uint8_t)(sector * 31u + offset * 7u + seed * 13u + (offset >> 8));
}

static void fill(uint8_t *buffer, uint32_t first, unsigned count, unsigned seed)
{
    for (unsigned s = 0; s < count; s++)
        for (unsigned i = 0; i < BLOCK_SECTOR_SIZE; i++)
            buffer[s * BLOCK_SECTOR_SIZE + i] = pattern_byte(first + s, i, seed);
}

static bool matches(const uint8_t *buffer, uint32_t first, unsigned count, unsigned seed)
{
    for (unsigned s = 0; s < count; s++)
        for (unsigned i = 0; i < BLOCK_SECTOR_SIZE; i++)
            if (buffer[s * BLOCK_SECTOR_SIZE + i] != pattern_byte(first + s, i, seed))
                return false;
    return true;
}

static uint32_t fnv1a(uint32_t hash, const uint8_t *bytes, unsigned length)
{
    for (unsigned i = 0; i < length; i++)
        hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

/* Read sectors first.. in runs of at most BLOCK_MAX_SECTORS and print their checksum. */
static void print_checksum(uint32_t first, unsigned count)
{
    uint32_t hash = 2166136261u;
    for (unsigned done = 0; done < count;) {
        unsigned run = count - done < BLOCK_MAX_SECTORS ? count - done : BLOCK_MAX_SECTORS;
        int got = block_read(&disk, first + done, run);
        check(got == (int)run, "a read of known sectors", got);
        if (got != (int)run)
            return;
        hash = fnv1a(hash, disk.buffer, run * BLOCK_SECTOR_SIZE);
        done += run;
    }
    printf(NAME ": checksum of sectors %u..%u: 0x%08x\n", (unsigned)first,
           (unsigned)(first + count - 1), (unsigned)hash);
}

static void write_pattern(void)
{
    uint32_t first = disk.sectors - WRITE_FROM_END;
    fill(disk.buffer, first, WRITE_COUNT, WRITE_SEED);
    int got = block_write(&disk, first, WRITE_COUNT);
    check(got == (int)WRITE_COUNT, "the pattern's write", got);
    memset(disk.buffer, 0, WRITE_COUNT * BLOCK_SECTOR_SIZE);
    got = block_read(&disk, first, WRITE_COUNT);
    check(got == (int)WRITE_COUNT && matches(disk.buffer, first, WRITE_COUNT, WRITE_SEED),
          "the pattern read back", got);
    got = block_flush(&disk);
    check(got == 0, "BLOCK_FLUSH", got);
    printf(NAME ": wrote sectors %u..%u with seed %u, read them back, flushed\n",
           (unsigned)first, (unsigned)(first + WRITE_COUNT - 1), WRITE_SEED);
}

static void refuse(unsigned label, unsigned count, unsigned a0, unsigned a1, unsigned a2,
                   int expected, const char *what)
{
    int got = rpc_call(disk.endpoint, label, count, a0, a1, a2, NULL);
    check(got == expected, what, got);
}

static void hostile_requests(void)
{
    uint32_t end = disk.sectors;
    refuse(BLOCK_READ, 2, end, 1, 0, ERR_INVALID, "a read of the sector after the last");
    refuse(BLOCK_READ, 2, end - 1, 2, 0, ERR_INVALID, "a read running past the end");
    refuse(BLOCK_WRITE, 2, end - 1, 2, 0, ERR_INVALID, "a write running past the end");
    refuse(BLOCK_READ, 2, 0xFFFFFFFFu, 1, 0, ERR_INVALID, "a read of sector 2^32 - 1");
    refuse(BLOCK_READ, 2, end - 1, 0xFFFFFFFFu, 0, ERR_INVALID, "a count that wraps around");
    refuse(BLOCK_READ, 2, 0, 0, 0, ERR_INVALID, "a read of 0 sectors");
    refuse(BLOCK_READ, 2, 0, BLOCK_MAX_SECTORS + 1, 0, ERR_INVALID, "a read bigger than the buffer");
    refuse(BLOCK_WRITE, 2, 0, 0, 0, ERR_INVALID, "a write of 0 sectors");
    refuse(BLOCK_READ, 1, 0, 0, 0, ERR_INVALID, "a read with one word");
    refuse(BLOCK_READ, 3, 0, 1, 0, ERR_INVALID, "a read with three words");
    refuse(BLOCK_MAP, 1, BLOCK_BUFFER_PAGES, 0, 0, ERR_INVALID, "BLOCK_MAP of a page past the buffer");
    refuse(BLOCK_MAP, 1, 0xFFFFFFFFu, 0, 0, ERR_INVALID, "BLOCK_MAP of page 2^32 - 1");
    refuse(RPC_BASE_BLOCK + 0x7F, 0, 0, 0, 0, ERR_INVALID, "an unknown label");
    refuse(RPC_BASE_STREAM + 2, 1, 16, 0, 0, ERR_INVALID, "another service's label");
    refuse(BLOCK_INFO, 3, 1, 2, 3, ERR_INVALID, "BLOCK_INFO with words");
    printf(NAME ": reads and writes past the end, bad counts, huge sectors, bad labels, "
           "word counts and pages refused with ERR_INVALID\n");

    /* A transfer on a badge without a connection: close ours, then ask. */
    int endpoint = disk.endpoint;
    disk.endpoint = slot_alloc();
    check(sys_cap_copy(endpoint, CAP_SELF_TASK, disk.endpoint) == 0, "copying the endpoint", 0);
    int got = block_close(&disk);
    check(got == 0, "BLOCK_CLOSE", got);
    got = rpc_call(endpoint, BLOCK_CLOSE, 0, 0, 0, 0, NULL);
    check(got == ERR_NOT_FOUND, "a second BLOCK_CLOSE", got);
    got = rpc_call(endpoint, BLOCK_READ, 2, 0, 1, 0, NULL);
    check(got == ERR_INVALID, "a read without a connection (no BLOCK_MAP)", got);
    got = block_connect_endpoint(&disk, endpoint);
    check(got == 0, "connecting again after BLOCK_CLOSE", got);
    got = block_read(&disk, 0, 1);
    check(got == 1, "a read after all that", got);
    printf(NAME ": after BLOCK_CLOSE a transfer is refused (ERR_INVALID), a second close "
           "gets ERR_NOT_FOUND, and the driver still serves\n");
}

static void run_children(void)
{
    unsigned pids[CHILDREN];
    for (unsigned k = 0; k < CHILDREN; k++) {
        char number[4] = { (char)('0' + k), 0 };
        const char *argv[] = { NAME, "child", number, NULL };
        int pid = pm_spawn(START_SLOT_PM, argv, 0);
        check(pid > 0, "spawning a child", pid);
        if (pid <= 0)
            return;
        pids[k] = (unsigned)pid;
    }
    for (unsigned k = 0; k < CHILDREN; k++) {
        int error = pm_start(START_SLOT_PM, pids[k]);
        check(error == 0, "starting a child", error);
    }
    for (unsigned k = 0; k < CHILDREN; k++) {
        struct pm_exit_info info;
        int got = pm_wait(START_SLOT_PM, pids[k], &info);
        check(got >= 0 && info.end == PM_END_EXIT && info.status == 0, "a child's own sectors",
              got >= 0 ? (int)info.status : got);
    }
    for (unsigned k = 0; k < CHILDREN; k++) {
        uint32_t first = disk.sectors - CHILD_FROM_END + k * CHILD_COUNT;
        int got = block_read(&disk, first, CHILD_COUNT);
        check(got == (int)CHILD_COUNT && matches(disk.buffer, first, CHILD_COUNT, 100 + k),
              "a child's sectors read by the parent", got);
    }
    printf(NAME ": %u children wrote and read their own sectors at once, each through its "
           "own connection\n", CHILDREN);
}

/* Spawn and start this program with @p mode; @return its pid, or 0. */
static unsigned spawn_mode(const char *mode)
{
    const char *argv[] = { NAME, mode, NULL };
    int pid = pm_spawn(START_SLOT_PM, argv, 0);
    check(pid > 0, "spawning a child", pid);
    int error = pid > 0 ? pm_start(START_SLOT_PM, (unsigned)pid) : pid;
    check(error == 0, "starting a child", error);
    return pid > 0 && error == 0 ? (unsigned)pid : 0;
}

static bool ended_well(unsigned pid)
{
    struct pm_exit_info info;
    return pid && pm_wait(START_SLOT_PM, pid, &info) >= 0 && info.end == PM_END_EXIT &&
           info.status == 0;
}

/* The connection table: this one and BLOCK_CONNECTIONS_MAX - 1 holders fill it, one more
 * client is refused and the holders are not disturbed, and once they closed a new
 * connection is made again. */
static void connection_limit(void)
{
    unsigned holders[BLOCK_CONNECTIONS_MAX - 1];
    for (unsigned i = 0; i < BLOCK_CONNECTIONS_MAX - 1; i++)
        holders[i] = spawn_mode("hold");
    sys_sleep(SETTLE_TICKS);
    check(ended_well(spawn_mode("over")), "a client past the connection limit gets ERR_NO_MEMORY", 0);
    int got = block_read(&disk, 0, 1);
    check(got == 1, "a read while the table is full", got);
    for (unsigned i = 0; i < BLOCK_CONNECTIONS_MAX - 1; i++)
        check(ended_well(holders[i]), "a holder kept and closed its connection", 0);
    check(ended_well(spawn_mode("hold")), "a connection once the holders closed theirs", 0);
    printf(NAME ": %u connections fill the table, one more gets ERR_NO_MEMORY, and closed "
           "ones are made again\n", BLOCK_CONNECTIONS_MAX);
}

static int hold(void)
{
    if (block_connect(&disk, START_SLOT_NS) != 0)
        return 2;
    sys_sleep(HOLD_TICKS);
    if (block_read(&disk, 0, 1) != 1)
        return 3;
    return block_close(&disk) == 0 ? 0 : 4;
}

static int over(void)
{
    int got = block_connect(&disk, START_SLOT_NS);
    return got == ERR_NO_MEMORY ? 0 : 2;
}

static int child(unsigned k)
{
    if (block_connect(&disk, START_SLOT_NS) != 0)
        return 2;
    uint32_t first = disk.sectors - CHILD_FROM_END + k * CHILD_COUNT;
    for (unsigned round = 0; round < 4; round++) {
        fill(disk.buffer, first, CHILD_COUNT, 100 + k);
        if (block_write(&disk, first, CHILD_COUNT) != (int)CHILD_COUNT)
            return 3;
        memset(disk.buffer, 0, CHILD_COUNT * BLOCK_SECTOR_SIZE);
        if (block_read(&disk, first, CHILD_COUNT) != (int)CHILD_COUNT)
            return 4;
        if (!matches(disk.buffer, first, CHILD_COUNT, 100 + k))
            return 5;
    }
    return block_close(&disk) == 0 ? 0 : 6;
}

/* The spinner: a thread below this one that counts, two instructions a turn, while the
 * system has nothing else to run (the driver waits for the emulated disk). Without it the
 * CPU would halt there and -icount's clock would jump to the next timer tick: the TSC would
 * count the emulator's device latency as instructions. */
static volatile uint32_t spins;

static void spin(void *unused)
{
    (void)unused;
    for (;;)
        __asm__ volatile("1: incl %0\n\tjmp 1b" : "+m"(spins));
}

/* One batch of BENCH_ROUNDS 4 KiB reads with the spinner running: the mean cost of a read,
 * less what the spinner ran meanwhile. */
static unsigned bench_batch(int *got)
{
    uint64_t start = tsc_read();
    uint32_t spins_before = spins;
    for (unsigned i = 0; i < BENCH_ROUNDS && *got == 8; i++)
        *got = block_read(&disk, BENCH_SECTOR, 8);
    uint64_t loop = tsc_read() - start;
    uint64_t spun = 2ull * (spins - spins_before);
    loop = loop > spun ? loop - spun : 0;
    return tsc_per_round(loop, tsc_empty_loop(BENCH_ROUNDS), BENCH_ROUNDS);
}

/* The cost of a 4 KiB read (8 sectors), client to driver and back: the least of
 * BENCH_BATCHES batches (a batch that a timer tick or the emulator's own timing got into
 * costs more; the least is the path itself). */
static void bench_read_4k(void)
{
    int got = block_read(&disk, BENCH_SECTOR, 8); /* warm: the path, not the first fault */
    uint64_t start = tsc_read();
    for (unsigned i = 0; i < BENCH_ROUNDS && got == 8; i++)
        got = block_read(&disk, BENCH_SECTOR, 8);
    uint64_t with_waits = tsc_read() - start;
    check(got == 8, "the 4 KiB reads measured", got);
    int spinner = thread_start(spin, NULL, PRIORITY_MIN);
    check(spinner >= 0, "starting the spinner", spinner);
    sys_yield();
    unsigned least = ~0u, most = 0;
    for (unsigned batch = 0; batch < BENCH_BATCHES && got == 8; batch++) {
        unsigned cost = bench_batch(&got);
        least = cost < least ? cost : least;
        most = cost > most ? cost : most;
    }
    sys_thread_suspend(spinner);
    check(got == 8, "the 4 KiB reads measured", got);
    printf(NAME ": a 4 KiB read takes %u TSC ticks with the CPU idle while the disk works\n",
           (unsigned)(with_waits / BENCH_ROUNDS));
    printf(NAME ": a 4 KiB read costs %u to %u instructions over %u batches of %u\n", least,
           most, BENCH_BATCHES, BENCH_ROUNDS);
    printf("bench: ata_read_4k %u instructions\n", least);
}

static int with_disk(void)
{
    int got = block_connect(&disk, START_SLOT_NS);
    check(got == 0, "connecting to ata", got);
    if (got != 0)
        return 1;
    printf(NAME ": disk of %u sectors, model \"%s\"\n", (unsigned)disk.sectors, disk.model);
    print_checksum(0, 2 * BLOCK_MAX_SECTORS);
    print_checksum(1000, 3);
    write_pattern();
    hostile_requests();
    run_children();
    connection_limit();
    bench_read_4k();
    return 0;
}

static int without_disk(void)
{
    int got = block_connect(&disk, START_SLOT_NS);
    check(got == BLOCK_ERR_NO_DEVICE, "connecting without a disk", got);
    int endpoint = slot_alloc();
    got = ns_lookup(START_SLOT_NS, BLOCK_SERVICE_NAME, endpoint);
    check(got == 0, "ata is registered without a disk", got);
    got = rpc_call(endpoint, BLOCK_INFO, 0, 0, 0, 0, NULL);
    check(got == BLOCK_ERR_NO_DEVICE, "BLOCK_INFO without a disk", got);
    got = rpc_call(endpoint, BLOCK_READ, 2, 0, 1, 0, NULL);
    check(got == BLOCK_ERR_NO_DEVICE, "BLOCK_READ without a disk", got);
    got = rpc_call(endpoint, BLOCK_FLUSH, 0, 0, 0, 0, NULL);
    check(got == BLOCK_ERR_NO_DEVICE, "BLOCK_FLUSH without a disk", got);
    printf(NAME ": no disk: connect, BLOCK_INFO, BLOCK_READ and BLOCK_FLUSH get "
           "BLOCK_ERR_NO_DEVICE\n");
    return 0;
}

static int io_errors(void)
{
    int got = block_connect(&disk, START_SLOT_NS);
    check(got == 0, "connecting to ata", got);
    if (got != 0)
        return 1;
    got = block_read(&disk, IO_ERROR_READ, 1);
    check(got == BLOCK_ERR_IO, "a read the disk fails", got);
    got = block_read(&disk, IO_ERROR_READ - 4, 8);
    check(got == BLOCK_ERR_IO, "a run of sectors one of which the disk fails", got);
    got = block_read(&disk, IO_ERROR_READ + 1, 4);
    check(got == 4, "a read after the failed ones", got);
    memset(disk.buffer, 0x5A, BLOCK_SECTOR_SIZE);
    got = block_write(&disk, IO_ERROR_WRITE, 1);
    check(got == BLOCK_ERR_IO, "a write the disk fails", got);
    got = block_write(&disk, IO_ERROR_WRITE + 1, 1);
    check(got == 1, "a write after the failed one", got);
    got = block_flush(&disk);
    check(got == 0, "a flush after the failed write", got);
    printf(NAME ": the disk's errors come back as BLOCK_ERR_IO, and the next requests "
           "work\n");
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "disk";
    if (strcmp(mode, "child") == 0)
        return argc > 2 ? child((unsigned)(argv[2][0] - '0')) : 9;
    if (strcmp(mode, "hold") == 0)
        return hold();
    if (strcmp(mode, "over") == 0)
        return over();
    int status = strcmp(mode, "nodisk") == 0    ? without_disk()
                 : strcmp(mode, "ioerror") == 0 ? io_errors()
                                                : with_disk();
    if (status != 0 || failures) {
        printf(NAME ": FAIL: %u checks failed\n", failures);
        return 1;
    }
    printf(NAME ": PASS\n");
    return 0;
}
