/*
 * load.c - MM_CREATE: a new process from a program on the disk's /bin (disk_program.c,
 * through the file server) or, when the disk has none of that name, among the boot files.
 * The ELF file is read a page at a time (STREAM_READ of the open file, or BOOTFS_READ of
 * init's bootfs service, into a frame shared with us) and written into the new task
 * (task_write); then the start information page, the IPC buffer, the first stack page and
 * the first thread, suspended, whose faults come to us.
 */
#include "mm.h"
#include "disk_program.h"
#include "abi/user_bootinfo.h"
#include "elf.h"
#include "elf_spawn.h"
#include "proto/bootfs.h"
#include "program.h"
#include "proto/nameserver.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define MM_BOOTFS_WINDOW MM_SHARED_BASE /* where bootfs's frame is mapped in mm */
#define ELF_SEGMENT_WRITABLE 0x2        /* PF_W */

static int bootfs = -1;    /* our endpoint capability to bootfs, once looked up */
static const uint8_t *const bootfs_window = (const uint8_t *)MM_BOOTFS_WINDOW;
static bool from_disk;     /* the program being loaded is the disk's (else bootfs's) */
static const uint8_t *window = (const uint8_t *)MM_BOOTFS_WINDOW; /* where its bytes come */
static uint8_t headers[PAGE_SIZE]; /* the first page of the file: ELF and program headers */
static struct start_info info;

/* Look bootfs up and map its frame, the first time a program is loaded (init serves it
 * only once every server is up, so not at our start). */
static int bootfs_connect(void)
{
    if (bootfs >= 0)
        return 0;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "bootfs");
    int slot = mm_free_slot();
    slot = slot < 0 ? slot : rpc_call_for_cap(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, slot);
    if (slot < 0)
        return slot;
    int frame = mm_free_slot();
    int result = frame < 0 ? frame : rpc_call_for_cap(slot, BOOTFS_MAP, NULL, 0, -1, frame);
    if (result >= 0)
        result = sys_frame_map(frame, CAP_SELF_TASK, MM_BOOTFS_WINDOW, 0);
    if (result < 0) {
        sys_cap_delete(slot);
        if (frame >= 0)
            sys_cap_delete(frame);
        return result;
    }
    bootfs = slot;
    return 0;
}

/* Read at most @p length (<= BOOTFS_BUFFER_SIZE) bytes at @p offset of @p file (bootfs's
 * file number; the disk has one file open) into the window. @return the bytes read. */
static int bootfs_read(int file, unsigned offset, unsigned length)
{
    if (from_disk)
        return mm_disk_read(offset, length);
    struct rpc_result out;
    return rpc_call(bootfs, BOOTFS_READ, 3, (unsigned)file, offset, length, &out);
}

/* Copy @p length bytes at @p offset of @p file to @p vaddr in @p task. */
static int copy_file(int task, int file, unsigned offset, unsigned vaddr, unsigned length)
{
    while (length > 0) {
        unsigned chunk = length < BOOTFS_BUFFER_SIZE ? length : BOOTFS_BUFFER_SIZE;
        int got = bootfs_read(file, offset, chunk);
        if (got <= 0)
            return got < 0 ? got : ERR_INVALID; /* the file is shorter than it said */
        int result = sys_task_write(task, vaddr, window, (unsigned)got);
        if (result < 0)
            return result;
        offset += (unsigned)got, vaddr += (unsigned)got, length -= (unsigned)got;
    }
    return 0;
}

/* Split MM_CREATE's argument bytes into info's argv. @return 0 or ERR_INVALID. */
static int parse_arguments(const char *bytes, unsigned size)
{
    unsigned at = 0;
    info.argc = 0;
    while (at < size && bytes[at] != '\0') {
        unsigned length = 0;
        while (at + length < size && bytes[at + length] != '\0')
            length++;
        if (at + length >= size || info.argc >= START_MAX_ARGS)
            return ERR_INVALID; /* not NUL-terminated, or too many */
        info.argv_offsets[info.argc++] = at;
        at += length + 1;
    }
    if (info.argc == 0 || strlen(bytes) >= BOOTFS_NAME_WORDS * 4)
        return ERR_INVALID;
    memcpy(info.args, bytes, at); /* size <= MM_CREATE_ARG_WORDS * 4 < START_ARGS_BYTES */
    return 0;
}

/* Open the program: /bin/NAME on the disk if @p disk and it is there, or else the boot file
 * NAME. @return the file number (0 for the disk's) or an error. */
static int open_file(const char *name, unsigned *size, bool disk)
{
    from_disk = disk && mm_disk_open(name, size) == 0;
    window = from_disk ? mm_disk_window : bootfs_window;
    if (from_disk)
        return 0;
    int result = bootfs_connect();
    if (result < 0) {
        printf("mm: cannot reach bootfs: %s\n", error_name(result));
        return ERR_NOT_FOUND;
    }
    unsigned words[BOOTFS_NAME_WORDS];
    rpc_pack_string(words, BOOTFS_NAME_WORDS, name);
    unsigned out[1];
    int file = rpc_call_long(bootfs, BOOTFS_OPEN, words, BOOTFS_NAME_WORDS, -1, -1, out, 1, NULL);
    if (file < 0)
        return file == ERR_NOT_FOUND ? ERR_NOT_FOUND : ERR_INVALID;
    *size = out[0];
    return file;
}

/* The first page of the file into headers (a read may bring less: read on). */
static int read_headers(int file)
{
    unsigned got = 0;
    memset(headers, 0, sizeof headers);
    while (got < PAGE_SIZE) {
        int n = bootfs_read(file, got, PAGE_SIZE - got);
        if (n < 0)
            return n;
        if (n == 0)
            break;
        memcpy(headers + got, window, (unsigned)n);
        got += (unsigned)n;
    }
    return (int)got;
}

/* What is wrong with the headers of the open program (@p got bytes read of @p size), or NULL. */
static const char *header_problem(int got, unsigned size)
{
    const struct elf_header *header = (const void *)headers;
    if (got < 0)
        return "the first page cannot be read";
    if ((unsigned)got < sizeof *header)
        return "too small to be an ELF file";
    if (header->phoff > (unsigned)got ||
        (unsigned)header->phnum * header->phentsize > (unsigned)got - header->phoff)
        /* The header's own checks need no program headers: say what they find first. */
        return elf_image_problem(headers, (unsigned)got) ?: "program headers not in its first page";
    return elf_image_problem(headers, size);
}

/* Open the program and check its headers: the disk's, or the boot file when the disk has
 * none or one that cannot be loaded (said, so a broken /bin shows). @return the file
 * number or an error. */
static int open_program(const char *name, unsigned *size)
{
    int file = open_file(name, size, true);
    if (file < 0)
        return file;
    const char *problem = header_problem(read_headers(file), *size);
    if (problem && from_disk) {
        printf("mm: cannot load /bin/%s from the disk: %s; trying the boot files\n", name, problem);
        mm_disk_close();
        file = open_file(name, size, false);
        if (file < 0)
            return file == ERR_NOT_FOUND ? ERR_INVALID : file;
        problem = header_problem(read_headers(file), *size);
    }
    if (problem) {
        printf("mm: cannot load %s: %s\n", name, problem);
        return ERR_INVALID;
    }
    return file;
}

/* Map and fill every loadable segment; set the image and heap bounds. */
static int load_segments(struct mm_process *process, int file)
{
    const struct elf_header *header = (const void *)headers;
    const struct elf_program_header *segments = (const void *)(headers + header->phoff);
    unsigned mapped_end = 0;
    process->image_start = 0;
    for (unsigned i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD || s->memsz == 0)
            continue;
        unsigned first = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
        unsigned end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
        if (end > MM_HEAP_END || s->vaddr < USER_SPACE_START)
            return ERR_INVALID; /* the heap must fit above it */
        if (process->image_start == 0)
            process->image_start = first;
        if (first < mapped_end)
            first = mapped_end;
        int result = 0;
        if (first < end)
            result = mm_map(process, first, (end - first) / PAGE_SIZE,
                            s->flags & ELF_SEGMENT_WRITABLE, false);
        if (result == 0)
            result = copy_file(process->task, file, s->offset, s->vaddr, s->filesz);
        if (result < 0)
            return result;
        if (end > mapped_end)
            mapped_end = end;
    }
    if (mapped_end == 0)
        return ERR_INVALID;
    process->image_end = process->heap_start = process->brk = process->heap_paid_end = mapped_end;
    return 0;
}

/* The start page, the IPC buffer and the first stack pages. */
static int write_start(struct mm_process *process, unsigned priority)
{
    info.magic = START_INFO_MAGIC;
    strlcpy(info.name, info.args, sizeof info.name);
    info.pid = process->pid;
    info.priority = priority;
    info.heap_start = process->heap_start;
    info.cap_count = 0;
    int result = mm_map(process, START_INFO_ADDRESS, 1, false, false);
    if (result == 0)
        result = sys_task_write(process->task, START_INFO_ADDRESS, &info, START_INFO_PROCESS_SIZE);
    if (result == 0)
        result = mm_map(process, START_IPC_BUFFER_ADDRESS, 1, true, false);
    process->stack_low = USER_STACK_TOP - MM_STACK_FIRST_PAGES * PAGE_SIZE;
    if (result == 0)
        result = mm_map(process, process->stack_low, MM_STACK_FIRST_PAGES, true, false);
    return result;
}

/* The first thread, suspended, with its IPC buffer and its faults sent to us. */
static int make_thread(struct mm_process *process, unsigned entry, unsigned priority)
{
    int thread = sys_thread_create(process->task, entry, USER_STACK_TOP, (int)priority);
    if (thread < 0)
        return thread == ERR_QUOTA ? ERR_NO_MEMORY : thread;
    process->thread = thread;
    int result = sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS);
    int badged = mm_free_slot();
    if (result == 0)
        result = badged < 0 ? badged : sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, badged,
                                                   RIGHT_WRITE, MM_FAULT_BADGE(process->pid));
    if (result == 0) {
        result = sys_thread_set_fault_handler(thread, badged);
        sys_cap_delete(badged); /* the thread keeps the endpoint and the badge */
    }
    if (result == 0)
        result = sys_cap_mint(START_SLOT_SERVICE, process->task, START_SLOT_MM,
                              RIGHT_WRITE | RIGHT_GRANT, NS_BADGE_PROCESS(process->pid));
    return result;
}

int mm_create(struct rpc_request *request, struct rpc_response *response)
{
    unsigned pid = request->words[0], priority = request->words[1], pages = request->words[2];
    if (pid == 0 || pid > MM_MAX_PID || priority > PRIORITY_MAX || pages > MM_MAX_PAGES)
        return ERR_INVALID;
    if (mm_process_find(pid))
        return ERR_EXISTS;
    memset(&info, 0, START_INFO_PROCESS_SIZE); /* the servers' fields stay zero */
    if (parse_arguments((const char *)&request->words[3], (request->length - 3) * 4) < 0)
        return ERR_INVALID;
    struct mm_process *process = NULL;
    for (unsigned i = 0; i < MM_MAX_PROCESSES && !process; i++)
        if (!mm_processes[i].used)
            process = &mm_processes[i];
    if (!process)
        return ERR_NO_MEMORY;
    unsigned size = 0;
    int file = open_program(info.args, &size);
    if (file < 0) {
        mm_disk_close();
        return file;
    }
    int result;

    *process = (struct mm_process){ .used = true, .pid = pid, .task = -1, .thread = -1,
                                    .max_pages = pages ? pages : MM_DEFAULT_PAGES };
    strlcpy(process->name, info.args, sizeof process->name);
    int task = sys_task_create(MM_PROCESS_BASE_QUOTA, process->name);
    if (task < 0) {
        mm_disk_close();
        process->used = false;
        return ERR_NO_MEMORY;
    }
    process->task = task;
    result = load_segments(process, file);
    if (result == 0)
        result = write_start(process, priority);
    if (result == 0)
        result = make_thread(process, ((const struct elf_header *)headers)->entry, priority);
    mm_disk_close();
    if (result < 0) {
        mm_process_free(process);
        return result;
    }
    response->cap = process->task;
    return 0;
}
