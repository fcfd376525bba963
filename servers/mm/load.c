/*
 * load.c - MM_CREATE: a new process from a program on the disk's /bin (disk_program.c,
 * through the file server) or, when the disk has none of that name, among the boot files.
 * Only the ELF and program headers are read now (the first page of the file); the program
 * stays open, and each page of its segments is read on the first touch (fault.c asks
 * mm_fill_from_program), a page at a time (STREAM_READ of the open file, or BOOTFS_READ of
 * init's bootfs service, into a frame shared with us). Mapped now: the start information
 * page, the IPC buffer and the first stack page; then the first thread, suspended, whose
 * faults come to us. A wired process (wired.c), or one whose disk file cannot stay open
 * (MM_DISK_FILES_MAX), gets every page of its program now, and the file is closed.
 */
#include "mm.h"
#include "disk_program.h"
#include "slots.h"
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
    int result = slot < 0 ? slot : rpc_call_for_cap(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, slot);
    if (result < 0) {
        if (slot >= 0)
            slots_give_back(slot);
        return result;
    }
    int frame = mm_free_slot();
    result = frame < 0 ? frame : rpc_call_for_cap(slot, BOOTFS_MAP, NULL, 0, -1, frame);
    if (result >= 0)
        result = sys_frame_map(frame, CAP_SELF_TASK, MM_BOOTFS_WINDOW, 0);
    if (result < 0) {
        slots_delete(slot);
        if (frame >= 0)
            slots_delete(frame);
        return result;
    }
    bootfs = slot;
    return 0;
}

/* Read at most @p length (<= 4096) bytes at @p offset of @p program into its window
 * (*@p bytes). @return the bytes read. */
static int program_read(struct mm_program *program, unsigned offset, unsigned length,
                        const uint8_t **bytes)
{
    if (program->from_disk) {
        *bytes = program->disk.window;
        return mm_disk_read(&program->disk, offset, length);
    }
    *bytes = bootfs_window;
    struct rpc_result out;
    return rpc_call(bootfs, BOOTFS_READ, 3, (unsigned)program->bootfs_file, offset, length, &out);
}

/* Copy @p length bytes at @p offset of @p program to @p destination (mm's memory). */
static int program_copy(struct mm_program *program, unsigned offset, uint8_t *destination,
                        unsigned length)
{
    while (length > 0) {
        const uint8_t *bytes;
        int got = program_read(program, offset, length < PAGE_SIZE ? length : PAGE_SIZE, &bytes);
        if (got <= 0)
            return got < 0 ? got : ERR_INVALID; /* the file is shorter than it said */
        if ((unsigned)got > length)
            return ERR_INVALID;
        memcpy(destination, bytes, (unsigned)got);
        offset += (unsigned)got, destination += (unsigned)got, length -= (unsigned)got;
    }
    return 0;
}

int mm_fill_from_program(struct mm_process *process, unsigned page, uint8_t *bytes)
{
    if (!process->program.open)
        return ERR_INVALID;
    for (unsigned i = 0; i < process->segment_count; i++) {
        const struct mm_segment *s = &process->segments[i];
        unsigned start = s->vaddr > page ? s->vaddr : page;
        unsigned end = s->vaddr + s->filesz < page + PAGE_SIZE ? s->vaddr + s->filesz : page + PAGE_SIZE;
        if (start >= end)
            continue; /* no file bytes of this segment on the page */
        int result = program_copy(&process->program, s->offset + (start - s->vaddr),
                                  bytes + (start - page), end - start);
        if (result < 0)
            return result;
    }
    return 0;
}

void mm_program_close(struct mm_process *process)
{
    if (process->program.open && process->program.from_disk)
        mm_disk_close(&process->program.disk);
    process->program.open = false;
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

/* Open the program into @p program: /bin/NAME on the disk if @p disk and it is there, or
 * else the boot file NAME. @return 0 or an error. */
static int open_file(struct mm_program *program, const char *name, unsigned *size, bool disk)
{
    *program = (struct mm_program){ .bootfs_file = -1, .disk = { .file = -1, .frame = -1 } };
    if (disk && mm_disk_open(&program->disk, name, size) == 0) {
        program->open = program->from_disk = true;
        return 0;
    }
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
    program->bootfs_file = file;
    program->open = true;
    return 0;
}

/* The first page of the file into headers (a read may bring less: read on). */
static int read_headers(struct mm_program *program)
{
    unsigned got = 0;
    memset(headers, 0, sizeof headers);
    while (got < PAGE_SIZE) {
        const uint8_t *bytes;
        int n = program_read(program, got, PAGE_SIZE - got, &bytes);
        if (n < 0)
            return n;
        if (n == 0)
            break;
        if ((unsigned)n > PAGE_SIZE - got)
            return ERR_INVALID;
        memcpy(headers + got, bytes, (unsigned)n);
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
 * none or one that cannot be loaded (said, so a broken /bin shows). @return 0 or an error. */
static int open_program(struct mm_program *program, const char *name, unsigned *size)
{
    int result = open_file(program, name, size, true);
    if (result < 0)
        return result;
    const char *problem = header_problem(read_headers(program), *size);
    if (problem && program->from_disk) {
        printf("mm: cannot load /bin/%s from the disk: %s; trying the boot files\n", name, problem);
        mm_disk_close(&program->disk);
        result = open_file(program, name, size, false);
        if (result < 0)
            return result == ERR_NOT_FOUND ? ERR_INVALID : result;
        problem = header_problem(read_headers(program), *size);
    }
    if (problem) {
        printf("mm: cannot load %s: %s\n", name, problem);
        if (program->from_disk)
            mm_disk_close(&program->disk);
        program->open = false;
        return ERR_INVALID;
    }
    return 0;
}

/* The loadable segments into the segment table; the image and heap bounds; the image's
 * pages counted against the page limit and set aside (filled on first touch). */
static int read_segments(struct mm_process *process)
{
    const struct elf_header *header = (const void *)headers;
    const struct elf_program_header *segments = (const void *)(headers + header->phoff);
    unsigned mapped_end = 0, image_pages = 0;
    process->image_start = 0;
    for (unsigned i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD || s->memsz == 0)
            continue;
        unsigned first = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
        if (s->vaddr < USER_SPACE_START || s->vaddr >= MM_HEAP_END || s->memsz > MM_HEAP_END - s->vaddr)
            return ERR_INVALID; /* the heap must fit above it */
        unsigned end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
        if (first < mapped_end || process->segment_count == MM_SEGMENTS_MAX)
            return ERR_INVALID; /* out of order or overlapping, or too many */
        if (process->image_start == 0)
            process->image_start = first;
        process->segments[process->segment_count++] = (struct mm_segment){
            .vaddr = s->vaddr, .memsz = s->memsz, .offset = s->offset, .filesz = s->filesz,
            .writable = s->flags & ELF_SEGMENT_WRITABLE };
        image_pages += (end - first) / PAGE_SIZE;
        mapped_end = end;
    }
    if (mapped_end == 0)
        return ERR_INVALID;
    if (process->pages + image_pages > process->max_pages || mm_reserve(image_pages) < 0)
        return ERR_NO_MEMORY;
    process->pages += image_pages;
    process->image_unfilled = image_pages;
    process->image_end = process->heap_start = process->brk = process->heap_paid_end = mapped_end;
    return 0;
}

/* Which page of which process image_filler fills. */
struct image_page {
    struct mm_process *process;
    unsigned page;
};

static int image_filler(uint8_t *bytes, void *context)
{
    const struct image_page *at = context;
    return mm_fill_from_program(at->process, at->page, bytes);
}

/* Every page of the image now (a wired process, or a file that cannot stay open). */
static int load_whole_image(struct mm_process *process)
{
    for (unsigned i = 0; i < process->segment_count; i++) {
        const struct mm_segment *s = &process->segments[i];
        unsigned end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
        for (unsigned page = ALIGN_DOWN(s->vaddr, PAGE_SIZE); page < end; page += PAGE_SIZE) {
            const struct page_entry *entry = page_map_find(&process->map, page);
            if (entry && entry->state != PAGE_NONE)
                continue; /* a page two segments share */
            struct image_page at = { process, page };
            bool file_bytes = page < s->vaddr + s->filesz;
            int result = mm_page_new(process, page, s->writable, file_bytes ? image_filler : NULL, &at);
            if (result < 0)
                return result;
            process->image_unfilled--;
            mm_unreserve(1);
        }
    }
    return 0;
}

/* A page counted against the limit now (the start page, the IPC buffer, the first stack). */
static int counted_page(struct mm_process *process, unsigned vaddr, bool writable,
                        mm_page_filler fill, void *context)
{
    if (process->pages + 1 > process->max_pages || mm_reserve(1) < 0)
        return ERR_NO_MEMORY;
    int result = mm_page_new(process, vaddr, writable, fill, context);
    mm_unreserve(1);
    if (result == 0)
        process->pages++;
    return result;
}

/* The start page, the IPC buffer and the first stack pages (a wired process: all its
 * MM_WIRED_STACK_PAGES). */
static int write_start(struct mm_process *process, unsigned priority)
{
    info.magic = START_INFO_MAGIC;
    strlcpy(info.name, info.args, sizeof info.name);
    info.pid = process->pid;
    info.priority = priority;
    info.heap_start = process->heap_start;
    info.cap_count = 0;
    /* The start page is the task's own (task_map_anon), not a frame of ours: pm writes the
     * working directory into it (PM_SET_DIRECTORY, task_write), and a task_write cannot
     * reach a frame mapped with frame_map. */
    int result = process->pages + 1 > process->max_pages ? ERR_NO_MEMORY : 0;
    if (result == 0 && (mm_pay_pages(process, 1) < 0 || mm_pay_tables(process, START_INFO_ADDRESS, 1) < 0))
        result = ERR_NO_MEMORY;
    if (result == 0)
        result = sys_task_map_anon(process->task, START_INFO_ADDRESS, 1, 0);
    if (result == 0)
        result = sys_task_write(process->task, START_INFO_ADDRESS, &info, START_INFO_PROCESS_SIZE);
    if (result == 0)
        process->pages++, process->resident++;
    if (result == 0)
        result = counted_page(process, START_IPC_BUFFER_ADDRESS, true, NULL, NULL);
    unsigned stack_pages = process->wired ? MM_WIRED_STACK_PAGES : MM_STACK_FIRST_PAGES;
    process->stack_low = USER_STACK_TOP - stack_pages * PAGE_SIZE;
    for (unsigned page = process->stack_low; page < USER_STACK_TOP && result == 0; page += PAGE_SIZE)
        result = counted_page(process, page, true, NULL, NULL);
    return result;
}

/* The first thread, suspended, with its IPC buffer and its faults sent to us. */
static int make_thread(struct mm_process *process, unsigned entry, unsigned priority)
{
    int thread = slots_created(sys_thread_create(process->task, entry, USER_STACK_TOP, (int)priority));
    if (thread < 0)
        return thread == ERR_QUOTA ? ERR_NO_MEMORY : thread;
    process->thread = thread;
    int result = sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS);
    int badged = mm_free_slot();
    if (result == 0)
        result = badged < 0 ? badged : sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, badged,
                                                   RIGHT_WRITE, MM_FAULT_BADGE(process->pid));
    if (result == 0)
        result = sys_thread_set_fault_handler(thread, badged);
    if (badged >= 0)
        slots_delete(badged); /* the thread keeps the endpoint and the badge */
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
    *process = (struct mm_process){ .used = true, .pid = pid, .task = -1, .thread = -1,
                                    .max_pages = pages ? pages : MM_DEFAULT_PAGES };
    strlcpy(process->name, info.args, sizeof process->name);
    unsigned size = 0;
    int result = open_program(&process->program, info.args, &size);
    if (result < 0) {
        *process = (struct mm_process){ .task = -1, .thread = -1 };
        return result;
    }
    process->wired = mm_program_is_wired(process->name);
    int task = slots_created(sys_task_create(MM_PROCESS_BASE_QUOTA, process->name));
    if (task < 0) {
        mm_process_free(process);
        return ERR_NO_MEMORY;
    }
    process->task = task;
    result = read_segments(process);
    if (result == 0 && (process->wired || mm_disk_files_open() == MM_DISK_FILES_MAX)) {
        result = load_whole_image(process);
        mm_program_close(process); /* its window is free for the next one */
    }
    if (result == 0)
        result = write_start(process, priority);
    if (result == 0)
        result = make_thread(process, ((const struct elf_header *)headers)->entry, priority);
    if (result < 0) {
        mm_process_free(process);
        return result;
    }
    response->cap = process->task;
    return 0;
}
