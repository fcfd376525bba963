# Orrery - top-level Makefile. `make help` lists the targets.
#
# Variables you may set on the command line:
#   SOLUTIONS=all|none|"1 2"  which labs use the reference code in solutions/ (default: all;
#                             in a handout, which has no solutions/, always your own code)
#   BUILD=dir                 where everything is built (default: build)
#   TRACE=0|1                 compile the kernel's trace points in or away (default: 1)
#   IPC_FASTPATH=0|1          link Lab 3's reference IPC fast path (default: 1)
#   CMDLINE="..."             kernel command line for run targets (docs/test-protocol.md)
#   MEMORY=128                guest RAM in MiB for run targets
#   DISK=file                 run targets: the disk image attached (default: build/disk.img;
#                             DISK= boots without a disk)
#   LAB=n                     the lab to grade with `make grade`, gradescope, grade-all
#   EXTRA_TESTS=file.py       more @graded tests for `make grade` (an instructor's hidden tests)
#   SUBMISSIONS=dir/          `make grade-all`: a folder or an archive per student
#   JOBS=n                    `make grade-all`: submissions graded at once
#   GRADESCOPE_ROOT=dir       `make gradescope-test`: where the Debian root is cached
#   ROOT=NAME                 run targets: boot kernel/tests/user/NAME.c as the root task
#   GDB_PORT=1234             port for `make qemu-gdb` / `make gdb`
#   VIZ=1                     `make run`: stream the trace live to the visualizer
#   TRACE_FILE=file           `make viz`: the capture to show (default: build/run-trace.bin)
#   VIZ_PORT=8040             the visualizer's port on 127.0.0.1 (make viz, make run VIZ=1)
#   V=1                       show every command instead of a short line per file

SHELL := /bin/bash
BUILD ?= build
SOLUTIONS ?= all
TRACE ?= 1
CMDLINE ?=
MEMORY ?= 128
GDB_PORT ?= 1234
PYTHON := /usr/bin/python3
QEMU := qemu-system-i386

.DEFAULT_GOAL := all

# Quiet output by default: "  CC kernel/main.c". V=1 shows the full commands.
ifeq ($(V),1)
  Q :=
  say = @true
else
  Q := @
  say = @printf '  %-6s %s\n' $(1) $(2)
endif

# ---------------------------------------------------------------------------------------
# Which lab solutions are linked in.
AVAILABLE_SOLUTIONS := $(sort $(patsubst solutions/lab%,%,$(wildcard solutions/lab[0-9]*)))
ifeq ($(strip $(SOLUTIONS)),all)
  SELECTED_SOLUTIONS := $(AVAILABLE_SOLUTIONS)
else ifeq ($(strip $(SOLUTIONS)),none)
  SELECTED_SOLUTIONS :=
else ifeq ($(wildcard solutions/),)
  # A student handout has no solutions/: there, SOLUTIONS="1 2" (as the lab READMEs write
  # it, for "the labs before this one") means the student's own code for those labs.
  SELECTED_SOLUTIONS :=
  $(info orrery: no solutions/ in this tree (a handout): SOLUTIONS="$(strip $(SOLUTIONS))" uses your own code for lab(s) $(strip $(SOLUTIONS)))
else
  SELECTED_SOLUTIONS := $(sort $(SOLUTIONS))
  MISSING_SOLUTIONS := $(filter-out $(AVAILABLE_SOLUTIONS),$(SELECTED_SOLUTIONS))
  ifneq ($(MISSING_SOLUTIONS),)
    $(error SOLUTIONS asks for lab(s) $(MISSING_SOLUTIONS), but solutions/ has only: $(or $(AVAILABLE_SOLUTIONS),none))
  endif
endif

# A stamp file holds a value and is rewritten only when the value changes, so that make
# rebuilds what depends on it: switching SOLUTIONS relinks, switching TRACE recompiles.
define stamp
$(shell mkdir -p $(BUILD) && echo "$(2)" | cmp -s - $(1) || echo "$(2)" > $(1))
endef
# IPC_FASTPATH=0 leaves out Lab 3's reference fast path (solutions/lab3/ipc_fastpath.c), so
# that call and reply_recv take the general path, as in a student's kernel.
IPC_FASTPATH ?= 1
# HOLE_OVERRIDES="dir/ipc_rendezvous.c ...": link each file in place of the solution file of
# the same name (labs/tests/ builds the graders' own tests of wrong hole bodies this way).
HOLE_OVERRIDES ?=
# An override in a directory named after a server (.../console/scancode.c) replaces that
# server's solution file (solutions/labN/console/scancode.c); any other, the kernel's.
parent_name = $(notdir $(patsubst %/,%,$(dir $(1))))
SERVER_HOLE_OVERRIDES := $(foreach file,$(HOLE_OVERRIDES),$(if $(wildcard servers/$(call parent_name,$(file))/),$(file)))
KERNEL_HOLE_OVERRIDES := $(filter-out $(SERVER_HOLE_OVERRIDES),$(HOLE_OVERRIDES))
SOLUTIONS_STAMP := $(BUILD)/solutions.selected
$(call stamp,$(SOLUTIONS_STAMP),$(SELECTED_SOLUTIONS) fastpath=$(IPC_FASTPATH) overrides=$(HOLE_OVERRIDES))

# ---------------------------------------------------------------------------------------
# The kernel.
CC := gcc
LD := ld
KERNEL_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-strict-aliasing -fno-delete-null-pointer-checks \
	-mgeneral-regs-only \
	-Wall -Wextra -Werror -Ikernel -Ikernel/arch/x86 -DORRERY_TRACE=$(TRACE) -MMD -MP
KERNEL_ASFLAGS := -m32 -g -Ikernel -Ikernel/arch/x86 -DORRERY_TRACE=$(TRACE) -MMD -MP
FLAGS_STAMP := $(BUILD)/kernel.flags
$(call stamp,$(FLAGS_STAMP),$(KERNEL_CFLAGS))

# The machine-specific files are in kernel/arch/x86/ (on the include path: "gdt.h").
KERNEL_C_SOURCES := $(wildcard kernel/*.c kernel/arch/x86/*.c kernel/ktest/*.c)
KERNEL_ASM_SOURCES := $(filter-out kernel/ksyms_empty.S,$(wildcard kernel/*.S kernel/arch/x86/*.S))
KERNEL_LDS := kernel/arch/x86/kernel.ld
SOLUTION_SOURCES := $(filter-out $(if $(filter 0,$(IPC_FASTPATH)),solutions/lab3/ipc_fastpath.c), \
	$(foreach lab,$(SELECTED_SOLUTIONS),$(wildcard solutions/lab$(lab)/*.c)))
SOLUTION_SOURCES := $(filter-out $(addprefix %/,$(notdir $(KERNEL_HOLE_OVERRIDES))),$(SOLUTION_SOURCES)) \
	$(KERNEL_HOLE_OVERRIDES)
KERNEL_OBJECTS := $(patsubst %.c,$(BUILD)/%.o,$(KERNEL_C_SOURCES)) \
	$(patsubst %.S,$(BUILD)/%.o,$(KERNEL_ASM_SOURCES))
SOLUTION_OBJECTS := $(patsubst %.c,$(BUILD)/%.o,$(SOLUTION_SOURCES))
KERNEL := $(BUILD)/kernel.elf
# libgcc provides 64-bit division on i386. Deferred (=, not :=): on a fresh machine the
# deps-build prerequisite installs gcc-multilib after this Makefile is read, and asking
# earlier would name the 64-bit libgcc.
LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name)

$(BUILD)/kernel/%.o: kernel/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<
$(BUILD)/kernel/%.o: kernel/%.S $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c -o $@ $<
$(BUILD)/solutions/%.o: solutions/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<
$(BUILD)/labs/%.o: labs/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

# Two link passes: the first finds where every function is, the second adds that table
# (for symbolized panics). The table comes last in the image, so no code moves; we check.
$(KERNEL): $(KERNEL_OBJECTS) $(SOLUTION_OBJECTS) $(BUILD)/kernel/ksyms_empty.o $(KERNEL_LDS) \
		kernel/tools/mksyms.sh $(SOLUTIONS_STAMP)
	$(call say,LD,$@)
	$(Q)$(LD) -m elf_i386 -z noexecstack -T $(KERNEL_LDS) -o $(BUILD)/kernel.pass1.elf \
		$(KERNEL_OBJECTS) $(SOLUTION_OBJECTS) $(BUILD)/kernel/ksyms_empty.o $(LIBGCC)
	$(Q)nm -n $(BUILD)/kernel.pass1.elf | sh kernel/tools/mksyms.sh > $(BUILD)/kernel/ksyms.S
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c -o $(BUILD)/kernel/ksyms.o $(BUILD)/kernel/ksyms.S
	$(Q)$(LD) -m elf_i386 -z noexecstack -T $(KERNEL_LDS) -o $@.tmp \
		$(KERNEL_OBJECTS) $(SOLUTION_OBJECTS) $(BUILD)/kernel/ksyms.o $(LIBGCC)
	@cmp -s <(nm -n $(BUILD)/kernel.pass1.elf | grep ' [tTW] ') <(nm -n $@.tmp | grep ' [tTW] ') \
		|| { echo "error: adding the symbol table moved code (check $(KERNEL_LDS))"; exit 1; }
	@mv $@.tmp $@
	@echo "kernel: $@ (lab solutions linked in: $(or $(SELECTED_SOLUTIONS),none))"

# The constants the GDB commands need (kernel/gdb/orrery_commands.py), from the kernel's
# headers through the C preprocessor, as Linux's scripts/gdb does: never a copy.
GDB_CONSTANTS := $(BUILD)/gdb/orrery_constants.py
GDB_CONSTANT_HEADERS := kernel/types.h kernel/memlayout.h kernel/vm.h kernel/abi/syscalls.h
$(GDB_CONSTANTS): kernel/gdb/orrery_constants.py.in $(GDB_CONSTANT_HEADERS) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -E -P -x c $(addprefix -imacros ,$(GDB_CONSTANT_HEADERS)) \
		-MT $@ -MF $(BUILD)/gdb/orrery_constants.d -o $@.tmp $<
	$(Q)sed '/^[[:space:]]*$$/d' $@.tmp > $@ && rm $@.tmp

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------------------
# User programs (boot modules), all linked with the user runtime library liborrery.a.
USER_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -mgeneral-regs-only -nostdlib -static \
	-Wall -Wextra -Werror -Ikernel -Iservers/lib -MMD -MP
USER_LDFLAGS := -T servers/user.ld -Wl,-m,elf_i386,--build-id=none,-z,noexecstack
USER_LIB := $(BUILD)/user/liborrery.a
USER_LIB_SOURCES := $(wildcard servers/lib/*.c servers/lib/*.S) kernel/format.c kernel/string.c
USER_LIB_OBJECTS := $(patsubst %,$(BUILD)/user/%.o,$(basename $(USER_LIB_SOURCES)))
# Each directory servers/NAME/ (but lib/, bin/ and disk/, the disk image's) is one program,
# build/servers/NAME.elf; each file servers/bin/NAME.c is one utility, build/bin/NAME.elf.
SERVERS := $(notdir $(patsubst %/,%,$(filter-out servers/lib/ servers/bin/ servers/disk/,$(wildcard servers/*/))))
SERVER_ELFS := $(patsubst %,$(BUILD)/servers/%.elf,$(SERVERS))
UTILITY_ELFS := $(patsubst servers/bin/%.c,$(BUILD)/bin/%.elf,$(wildcard servers/bin/*.c))
USER_TEST_ELFS := $(patsubst kernel/tests/user/%.c,$(BUILD)/user-tests/%.elf,$(wildcard kernel/tests/user/*.c))
# Programs whose main() takes the kernel's boot information (crt0.S): root tasks, and hello,
# which roottask starts. Every other program starts in crt1.S with main(argc, argv) and its
# start information (servers/lib/start_info.h).
BOOT_INFO_PROGRAMS := roottask init hello
PROGRAM_START := $(patsubst %,$(BUILD)/user/%.o,$(basename $(wildcard servers/lib/start/*.c servers/lib/start/*.S)))
# Utilities only the disk's /bin holds, not boot modules: the file tools, which need the file
# system anyway (mm loads programs from /bin first; the kernel takes at most 40 boot modules).
# grading/harness/shell_session.py reads this line.
DISK_ONLY_UTILITIES := ls cp mv rm mkdir rmdir touch wc grep head hexdump df sync true spawnbench
BOOT_UTILITY_ELFS := $(filter-out $(patsubst %,$(BUILD)/bin/%.elf,$(DISK_ONLY_UTILITIES)),$(UTILITY_ELFS))
# The system `make run` boots: init (the root task), its boot manifest, every other server
# and every utility but the disk's own. The kernel test programs boot with roottask (MODULES).
MANIFEST := servers/init/manifest.txt
SYSTEM_MODULES := $(BUILD)/servers/init.elf $(MANIFEST) \
	$(filter-out $(patsubst %,$(BUILD)/servers/%.elf,$(BOOT_INFO_PROGRAMS)),$(SERVER_ELFS)) $(BOOT_UTILITY_ELFS)
MODULES := $(BUILD)/servers/roottask.elf $(filter-out $(BUILD)/servers/roottask.elf,$(SERVER_ELFS)) \
	$(UTILITY_ELFS)

$(BUILD)/user/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c -o $@ $<
$(BUILD)/user/%.o: %.S
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c -o $@ $<
# The objects of the servers and test programs are kept (make would delete them as
# intermediate files): relinking a server for other SOLUTIONS then compiles nothing, and
# make test's variant builds start from them (build_variant below).
.PRECIOUS: $(BUILD)/user/%.o
$(USER_LIB): $(USER_LIB_OBJECTS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# Holes in servers (servers/lib/lab_hole.h): the reference of a hole in servers/NAME/ is in
# solutions/labN/NAME/*.c, linked into NAME.elf when lab N is selected (its strong
# definitions replace the weak stubs), compiled with servers/NAME/ on the include path.
hole_overrides_of = $(foreach file,$(SERVER_HOLE_OVERRIDES),$(if $(filter $(1),$(call parent_name,$(file))),$(file)))
server_solution_sources = $(filter-out $(addprefix %/,$(notdir $(call hole_overrides_of,$(1)))), \
	$(foreach lab,$(SELECTED_SOLUTIONS),$(wildcard solutions/lab$(lab)/$(1)/*.c))) $(call hole_overrides_of,$(1))
$(BUILD)/user/solutions/%.o $(BUILD)/user/labs/%.o: USER_CFLAGS += -iquote servers/$(notdir $(@D))
# The objects of server $(1) (a function, so that its "%" is not taken for the rule's stem).
server_objects = $(patsubst %.c,$(BUILD)/user/%.o,$(wildcard servers/$(1)/*.c) $(call server_solution_sources,$(1)))
.SECONDEXPANSION:
# crt1.S's objects come first (their _start, not crt0's) for every program but the
# BOOT_INFO_PROGRAMS.
program_start = $(if $(filter $(1),$(BOOT_INFO_PROGRAMS)),,$(PROGRAM_START))
$(BUILD)/servers/%.elf: $$(call program_start,$$*) $$(call server_objects,$$*) $(USER_LIB) servers/user.ld \
		$(SOLUTIONS_STAMP)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(USER_LIB) $(LIBGCC)
$(BUILD)/bin/%.elf: $(PROGRAM_START) $(BUILD)/user/servers/bin/%.o $(USER_LIB) servers/user.ld
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(USER_LIB) $(LIBGCC)
# A test program that starts as a process does (crt1.S, main(argc, argv)).
$(BUILD)/user-tests/lib_program_child.elf: $(PROGRAM_START)
$(BUILD)/user-tests/ata_client.elf: $(PROGRAM_START)
$(BUILD)/user-tests/fs_client.elf: $(PROGRAM_START)
$(BUILD)/user-tests/lab6_fs.elf: $(PROGRAM_START)
$(BUILD)/user-tests/lab4_disk.elf: $(PROGRAM_START)
$(BUILD)/user-tests/lab5_pager.elf: $(PROGRAM_START)
$(BUILD)/user-tests/pager_wired.elf: $(PROGRAM_START)
$(BUILD)/user-tests/%.elf: $(BUILD)/user/kernel/tests/user/%.o $(USER_LIB) servers/user.ld
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(USER_LIB) $(LIBGCC)

# ---------------------------------------------------------------------------------------
# The disk image (servers/disk/make_disk.py): an ext2 file system made with mke2fs -d from
# servers/disk/tree/, every utility and server in /bin, /etc/services from the manifest;
# the same bytes on every build. make run and make run-bochs attach it; tests, a copy.
DISK_IMAGE := $(BUILD)/disk.img
DISK_PROGRAMS := $(UTILITY_ELFS) $(filter-out $(patsubst %,$(BUILD)/servers/%.elf,roottask hello init),$(SERVER_ELFS))
DISK_TREE := $(shell find servers/disk/tree -type f 2>/dev/null)
$(DISK_IMAGE): servers/disk/make_disk.py $(DISK_TREE) $(MANIFEST) $(DISK_PROGRAMS)
	$(call say,DISK,$@)
	$(Q)$(PYTHON) servers/disk/make_disk.py --tree servers/disk/tree --manifest $(MANIFEST) \
		$(addprefix --program ,$(DISK_PROGRAMS)) --staging $(BUILD)/disk/root -o $@

# ---------------------------------------------------------------------------------------
# Host unit tests of the pure kernel modules, under AddressSanitizer and UBSan.
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Ikernel -Ikernel/tests/host
HOST_TESTS := $(patsubst kernel/tests/host/%.c,$(BUILD)/host/%,$(wildcard kernel/tests/host/test_*.c))
# What each host test links, besides itself.
HOST_COMMON := kernel/tests/host/host_support.c kernel/tests/host/host_case_runner.c
$(BUILD)/host/test_bitmap: kernel/bitmap.c
$(BUILD)/host/test_ringbuf: kernel/ringbuf.c
$(BUILD)/host/test_shell_parse: servers/shell/parse.c
$(BUILD)/host/test_format: kernel/format.c
$(BUILD)/host/test_runqueue: kernel/runqueue.c \
	$(if $(filter 2,$(SELECTED_SOLUTIONS)),solutions/lab2/runqueue.c)
$(BUILD)/host/test_endpoint_queue: kernel/endpoint_queue.c \
	$(if $(filter 3,$(SELECTED_SOLUTIONS)),solutions/lab3/endpoint_queue.c)
$(BUILD)/host/test_frame_alloc: kernel/bitmap.c kernel/frame_alloc.c \
	$(if $(filter 1,$(SELECTED_SOLUTIONS)),solutions/lab1/frame_alloc.c)
# The user runtime's allocator and text functions (their headers are found with -iquote,
# so that servers/lib's stdio.h does not stand in for the host's).
$(BUILD)/host/test_allocator: servers/lib/allocator.c
$(BUILD)/host/test_user_strings: servers/lib/strtol.c servers/lib/cstring.c
$(BUILD)/host/test_allocator $(BUILD)/host/test_user_strings: HOST_CFLAGS += -iquote servers/lib -fno-builtin
$(BUILD)/host/test_user_paths: servers/lib/path.c servers/lib/error_text.c servers/lib/dirent.c
$(BUILD)/host/test_user_paths: HOST_CFLAGS += -iquote kernel/tests/host/user_stubs -iquote servers/lib
# init's boot-manifest parser (pure C, like the modules above).
$(BUILD)/host/test_manifest: servers/init/manifest.c servers/init/manifest.h
$(BUILD)/host/test_manifest: HOST_CFLAGS += -Iservers/init
# The console's and the timer's pure parts.
$(BUILD)/host/test_console_line: servers/console/line_discipline.c
$(BUILD)/host/test_console_scancode: servers/console/scancode.c \
	$(filter %/scancode.c,$(call server_solution_sources,console))
$(BUILD)/host/test_console_vga: servers/console/vga_text.c
$(BUILD)/host/test_timer_sleepers: servers/timer/sleepers.c
$(BUILD)/host/test_console_%: HOST_CFLAGS += -iquote servers/console -iquote servers/lib
$(BUILD)/host/test_timer_%: HOST_CFLAGS += -iquote servers/timer
$(BUILD)/host/%: kernel/tests/host/%.c $(HOST_COMMON) $(wildcard kernel/tests/host/*.h) $(SOLUTIONS_STAMP)
	@mkdir -p $(@D)
	$(call say,HOSTCC,$@)
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

# The file server's ext2 core on the host: build/host/ext2tool runs it on an image file
# (servers/fs/host/), for the tests in servers/fs/tests/ that e2fsck and debugfs judge.
EXT2_CORE_SOURCES := $(wildcard servers/fs/ext2_*.c)
EXT2TOOL := $(BUILD)/host/ext2tool
EXT2TOOL_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Iservers/fs -iquote kernel -iquote servers/lib
# Lab 6's references (solutions/lab6/fs/) replace the core's holes here as in fs.elf.
$(EXT2TOOL): $(wildcard servers/fs/host/*.c servers/fs/host/*.h servers/fs/*.h) $(EXT2_CORE_SOURCES) \
		$(call server_solution_sources,fs) $(SOLUTIONS_STAMP)
	@mkdir -p $(@D)
	$(call say,HOSTCC,$@)
	$(Q)$(CC) $(EXT2TOOL_CFLAGS) -o $@ $(filter %.c,$^)

# ---------------------------------------------------------------------------------------
# Targets people type.
.PHONY: all kernel modules host-tests iso run run-bochs qemu-gdb gdb test grade docs bench \
	clean help handout gradescope gradescope-test grade-all viz viz-page test-viz FORCE

all: deps-build $(KERNEL) $(GDB_CONSTANTS) $(MODULES) $(USER_TEST_ELFS) $(DISK_IMAGE) $(EXT2TOOL) ## build the kernel, the boot modules and the user test programs
kernel: deps-build $(KERNEL) $(GDB_CONSTANTS) ## build only the kernel
modules: deps-build $(MODULES) $(USER_TEST_ELFS) ## build only the boot modules and user test programs
host-tests: deps-build $(HOST_TESTS) $(EXT2TOOL) ## build the host unit tests (run by make test)
# What booting a kernel test program needs: the kernel, roottask and the user test programs
# (make test's builds for the graders of the kernel-only labs).
.PHONY: test-programs
test-programs: deps-build $(KERNEL) $(BUILD)/servers/roottask.elf $(USER_TEST_ELFS)

deps-%:
	@sh grading/ensure-deps.sh $*

# The visualizer (see its section below): make run VIZ=1 streams to it, make viz serves it.
VIZ ?=
VIZ_PORT ?= 8040
TRACE_FILE ?= $(BUILD)/run-trace.bin
VIZ_WEB := viz/web
VIZ_PAGE := $(BUILD)/viz/page/index.html
VIZ_SOCKET := $(BUILD)/viz/live.sock
VIZ_NODE_MODULES := $(VIZ_WEB)/node_modules/.package-lock.json
VIZ_WEB_SOURCES := $(shell find $(VIZ_WEB)/src -type f 2>/dev/null) \
	$(addprefix $(VIZ_WEB)/,index.html vite.config.ts tsconfig.json package.json)
QEMU_MACHINE := -m $(MEMORY) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
# The disk: build/disk.img itself (what the system writes there stays; tests use a copy).
DISK ?= $(DISK_IMAGE)
QEMU_DISK_ARGS = -drive file=$(DISK),format=raw,if=ide,index=0
QEMU_MACHINE += $(if $(DISK),$(QEMU_DISK_ARGS))
# The kernel's "success" (HALT_SUCCESS in kernel/machine.h, written to isa-debug-exit) makes
# QEMU exit with (value << 1) | 1 = 33 (docs/test-protocol.md): not an error for make.
HALT_SUCCESS := $(shell sed -n 's/^ *HALT_SUCCESS = \(0x[0-9A-Fa-f]*\),.*/\1/p' kernel/machine.h)
QEMU_SUCCESS_STATUS := $(shell echo $$(( ($(HALT_SUCCESS) << 1) | 1 )))
QEMU_SUCCEEDED = || { status=$$?; [ $$status -eq $(QEMU_SUCCESS_STATUS) ] || exit $$status; }
QEMU_BOOT = -kernel $(KERNEL) -initrd "$(subst $(eval) ,$(comma),$(RUN_MODULES))" -append "$(RUN_CMDLINE)"
# `make run` keeps the system up ("stay": the root task does not end the run) unless
# CMDLINE says otherwise. ROOT=NAME boots the user test program NAME as the root task.
ROOT ?=
ifneq ($(ROOT),)
  ifeq ($(wildcard kernel/tests/user/$(ROOT).c),)
    $(error ROOT=$(ROOT): there is no kernel/tests/user/$(ROOT).c; the programs are: $(sort $(basename $(notdir $(wildcard kernel/tests/user/*.c)))))
  endif
  RUN_MODULES = $(BUILD)/user-tests/$(ROOT).elf
  RUN_CMDLINE = root=$(ROOT) $(CMDLINE)
else
  RUN_MODULES = $(SYSTEM_MODULES)
  RUN_CMDLINE = $(if $(filter root=%,$(CMDLINE)),,root=init )$(CMDLINE)
endif
comma := ,

run: deps-run all $(if $(filter 1,$(VIZ)),deps-viz $(VIZ_PAGE)) ## boot Orrery in QEMU, serial console here (quit: Ctrl-A X); VIZ=1: watch it live in the visualizer
ifeq ($(VIZ),1)
	@echo "orrery: booting in QEMU; quit with Ctrl-A X. Live trace in the visualizer (address below)," \
		"also kept in $(BUILD)/run-trace.bin"
	@mkdir -p $(dir $(VIZ_SOCKET)) && rm -f $(VIZ_SOCKET)
	@# The server listens on VIZ_SOCKET for QEMU's debug console, keeps the capture and
	@# streams it at /live; it stops when QEMU does.
	$(PYTHON) viz/orrery-trace serve --live $(VIZ_SOCKET) --capture $(BUILD)/run-trace.bin \
		--port $(VIZ_PORT) --page $(VIZ_PAGE) </dev/null & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' EXIT; \
	for i in $$(seq 100); do [ -S $(VIZ_SOCKET) ] || ! kill -0 $$server 2>/dev/null && break; sleep 0.1; done; \
	[ -S $(VIZ_SOCKET) ] || { echo "orrery: the visualizer's server did not start (see above)"; exit 2; }; \
	$(QEMU) $(QEMU_MACHINE) -display none -serial mon:stdio \
		-debugcon unix:$(VIZ_SOCKET) $(QEMU_BOOT) $(QEMU_SUCCEEDED)
else
	@echo "orrery: booting in QEMU; quit with Ctrl-A X. Trace: $(BUILD)/run-trace.bin" \
		"(decode: viz/orrery-trace decode $(BUILD)/run-trace.bin; watch: make viz)"
	$(QEMU) $(QEMU_MACHINE) -display none -serial mon:stdio \
		-debugcon file:$(BUILD)/run-trace.bin $(QEMU_BOOT) $(QEMU_SUCCEEDED)
endif

ISO := $(BUILD)/orrery.iso
iso: deps-bochs $(ISO) ## make a GRUB boot ISO of the same kernel ELF and modules
# Always remade (a fraction of a second), so that CMDLINE changes take effect.
$(ISO): $(KERNEL) $(MODULES) grading/harness/iso.py FORCE
	$(PYTHON) -m grading.harness.iso --kernel $(KERNEL) $(addprefix --module ,$(RUN_MODULES)) \
		--cmdline "$(RUN_CMDLINE)" -o $@

run-bochs: deps-bochs all $(ISO) ## boot the GRUB ISO in Bochs, serial console here
	$(PYTHON) -m grading.harness.bochs $(ISO) --memory $(MEMORY) $(if $(DISK),--disk $(DISK))

qemu-gdb: deps-gdb all ## start QEMU halted, waiting for GDB on GDB_PORT
	@echo "orrery: QEMU waits for GDB on port $(GDB_PORT); in another terminal: make gdb"
	$(QEMU) $(QEMU_MACHINE) -display none -serial mon:stdio -S -gdb tcp:127.0.0.1:$(GDB_PORT) \
		$(QEMU_BOOT) $(QEMU_SUCCEEDED)

gdb: deps-gdb $(KERNEL) $(GDB_CONSTANTS) ## attach GDB (kernel symbols, Orrery commands) to make qemu-gdb
	gdb -q -ex "set confirm off" -ex "file $(KERNEL)" -x kernel/gdb/orrery.gdb \
		-ex "target remote 127.0.0.1:$(GDB_PORT)"

# The builds the tests use: the default one, one with no lab solutions at all, for each
# lab one with every solution except that lab's (to prove its holes bite), one without
# the IPC fast path (the general path a student's Lab 3 takes), and the benchmark build
# (tracing compiled out).
PYTEST_JOBS ?= 2
PYTEST_ARGS ?=
# Each variant is built only as far as the tests that use it need (variant_goals; one not
# named there is built whole), starting from the default build's objects (build_variant):
#   no-solutions  test_build_options boots its kernel with roottask; test_host_units runs
#                 its test_frame_alloc (kernel/tests/)
#   without-labN  labs/test_lab_graders.py grades lab N with it: the graders of Labs 2 and 3
#                 boot the kernel with the user test programs and run one host test; Lab 1's
#                 build is also the autograder test's starter build (grading/tests/), whole;
#                 Labs 4 and 6 boot the whole system with its disk
#   general-ipc   test_ipc_programs and labs/test_lab3_tricks.py boot its kernel with the
#                 user test programs
#   bench         grading.bench boots the whole system with its disk; no host tests
variant_goals.no-solutions := test-programs host/test_frame_alloc
variant_goals.without-lab1 := all host-tests
variant_goals.without-lab2 := test-programs host/test_runqueue
variant_goals.without-lab3 := test-programs host/test_endpoint_queue
variant_goals.without-lab4 := all host/test_console_scancode
variant_goals.without-lab6 := all
variant_goals.general-ipc := test-programs
variant_goals.bench := all
# build_variant first copies from the default build what does not depend on SOLUTIONS,
# TRACE or IPC_FASTPATH: the objects, the user runtime, the user test programs and the
# utilities (cp -a keeps their times, -u copies only what is newer), and rewrites the copied
# dependency files to name the variant's objects. make then compiles only what differs and
# relinks what depends on the solutions. A kernel.flags that differs recompiles the kernel;
# a variant with another TRACE (bench) is given no kernel objects at all (a newer copy would
# pass for its own).
SEED_USER_PARTS := user user-tests bin
SEED_KERNEL_PARTS := kernel solutions kernel.flags
# $(call build_variant,NAME,VARIABLES)
build_variant = mkdir -p $(BUILD)/$(1) && \
	cp -a -u $(addprefix $(BUILD)/,$(SEED_USER_PARTS) \
		$(if $(filter TRACE=%,$(filter-out TRACE=$(TRACE),$(2))),,$(SEED_KERNEL_PARTS))) $(BUILD)/$(1)/ && \
	find $(BUILD)/$(1) -name '*.d' -exec sed -i 's|^$(BUILD)/\(kernel\|solutions\|user\)/|$(BUILD)/$(1)/\1/|' {} + && \
	$(MAKE) --no-print-directory BUILD=$(BUILD)/$(1) $(2) \
		$(patsubst host/%,$(BUILD)/$(1)/host/%,$(or $(variant_goals.$(1)),all host-tests))
TEST_VARIANTS := no-solutions $(addprefix without-lab,$(AVAILABLE_SOLUTIONS)) general-ipc bench
variant_variables.no-solutions := SOLUTIONS=none
$(foreach lab,$(AVAILABLE_SOLUTIONS),$(eval variant_variables.without-lab$(lab) := \
	SOLUTIONS="$(or $(filter-out $(lab),$(AVAILABLE_SOLUTIONS)),none)"))
variant_variables.general-ipc := IPC_FASTPATH=0 SOLUTIONS=all
variant_variables.bench := TRACE=0 SOLUTIONS=all
# make test's builds: the default one, then the variants from it, and the visualizer's page,
# as many at once as make -j allows (the sub-makes share its job slots). -Orecurse keeps
# each one's output together.
.PHONY: test-builds test-build-default $(addprefix test-build-,$(TEST_VARIANTS))
test-builds: $(addprefix test-build-,$(TEST_VARIANTS)) viz-page
test-build-default:
	$(MAKE) --no-print-directory all host-tests BUILD=$(BUILD) SOLUTIONS=all
$(addprefix test-build-,$(TEST_VARIANTS)): test-build-%: test-build-default
	$(call build_variant,$*,$(variant_variables.$*))
test: deps-test ## run every test (unit, QEMU, Bochs, GDB, graders, then the visualizer's: test-viz)
	$(MAKE) --no-print-directory -j$(PYTEST_JOBS) -Orecurse test-builds
	PYTHONPATH=$(CURDIR) ORRERY_BUILD=$(abspath $(BUILD)) ORRERY_VIZ_PAGE=$(abspath $(VIZ_PAGE)) \
		$(PYTHON) -m pytest -c grading/pytest.ini \
		--rootdir=. -n $(PYTEST_JOBS) $(or $(PYTEST_ARGS),kernel/tests viz/tests grading/tests labs servers/fs/tests)
	$(if $(PYTEST_ARGS),,$(MAKE) --no-print-directory test-viz BUILD=$(BUILD))

# A kernel without the IPC fast path (IPC_FASTPATH=0, or no Lab 3 solution) is measured in
# its own build and result file (build/bench-general.json), and not held to the budgets only
# the fast path meets.
BENCH_FAST_PATH := $(and $(filter 3,$(SELECTED_SOLUTIONS)),$(filter-out 0,$(IPC_FASTPATH)))
BENCH := $(if $(BENCH_FAST_PATH),bench,bench-general)
bench: deps-run ## measure costs in guest instructions (tracing off); writes build/bench.json (IPC_FASTPATH=0: build/bench-general.json)
	$(MAKE) --no-print-directory -j2 all BUILD=$(BUILD)/$(BENCH) TRACE=0 SOLUTIONS="$(SOLUTIONS)" \
		IPC_FASTPATH=$(IPC_FASTPATH)
	$(PYTHON) -m grading.bench --build-dir $(BUILD)/$(BENCH) --out $(BUILD)/$(BENCH).json \
		$(if $(BENCH_FAST_PATH),,--general-path)

# ---------------------------------------------------------------------------------------
# The visualizer (viz/web, docs in viz.md's chapter): one self-contained page built with
# Vite from TypeScript (npm packages pinned by viz/web/package-lock.json, installed by
# `npm ci` into viz/web/node_modules, never committed), served by a Python stdlib server on
# 127.0.0.1 only (the variables are set above, before `run`). node_modules is reinstalled
# when it is older than the lockfile.

$(VIZ_NODE_MODULES): $(VIZ_WEB)/package-lock.json
	cd $(VIZ_WEB) && npm ci --no-audit --no-fund
	@touch $@

$(VIZ_PAGE): $(VIZ_NODE_MODULES) $(VIZ_WEB_SOURCES)
	$(call say,VITE,$@)
	$(Q)cd $(VIZ_WEB) && ORRERY_VIZ_OUT=$(abspath $(@D)) node_modules/.bin/vite build --logLevel warn

viz-page: deps-viz $(VIZ_PAGE) ## build the visualizer's page (build/viz/page/index.html)

viz: deps-viz $(VIZ_PAGE) ## serve the visualizer on 127.0.0.1:VIZ_PORT (8040): make viz [TRACE_FILE=build/run-trace.bin]
	$(PYTHON) viz/orrery-trace serve $(TRACE_FILE) --port $(VIZ_PORT) --page $(VIZ_PAGE)

# The visualizer's own suite (make test runs it after pytest): type check, unit tests,
# the page build, and the browser tests in Debian's Chromium against the built page.
test-viz: deps-viz $(VIZ_NODE_MODULES) ## the visualizer's tests: tsc, vitest, vite build, playwright
	cd $(VIZ_WEB) && node_modules/.bin/tsc --noEmit
	cd $(VIZ_WEB) && node_modules/.bin/vitest run
	$(MAKE) --no-print-directory $(VIZ_PAGE) BUILD=$(BUILD)
	cd $(VIZ_WEB) && ORRERY_VIZ_PAGE=$(abspath $(VIZ_PAGE)) node_modules/.bin/playwright test

# The submission check (grading/submission_check.py) refuses lab files that touch the trace,
# the exit port, the nonce or the test harness; EXTRA_TESTS=file.py adds an instructor's
# @graded tests kept out of the handout.
grade: deps-build deps-grade all host-tests ## grade a lab: make grade LAB=1 [EXTRA_TESTS=hidden.py]
	@test -n "$(LAB)" || { echo "usage: make grade LAB=n (labs: $(patsubst labs/lab%,%,$(wildcard labs/lab[0-9]*)))"; exit 2; }
	$(PYTHON) -m grading.submission_check --lab $(LAB)
	@# The failing tests' trace pages need the built page; grading works without node too.
	@if command -v node >/dev/null && command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory $(VIZ_PAGE) BUILD=$(BUILD); \
	else echo "grade: node and npm are missing: no trace pages (sh grading/ensure-deps.sh viz)"; fi
	ORRERY_BUILD=$(abspath $(BUILD)) $(PYTHON) -m grading.grade --lab $(LAB) --build-dir $(BUILD) \
		$(if $(EXTRA_TESTS),--extra-tests $(abspath $(EXTRA_TESTS)))

# Grading outside `make grade` (docs/grading.md): the Gradescope autograder zip, a test of
# it in a debootstrap'd Debian root (root, the network the first time; about 10 minutes),
# and a whole class graded here, in parallel, into one CSV.
GRADESCOPE_ROOT ?= /var/tmp/orrery-gradescope-root
JOBS ?= 2
lab_usage = { echo "usage: make $(1) LAB=n$(2) (labs: $(patsubst labs/lab%,%,$(wildcard labs/lab[0-9]*)))"; exit 2; }
gradescope: ## write build/gradescope/labN.zip, Gradescope's autograder for lab N: make gradescope LAB=1
	@test -n "$(LAB)" || $(call lab_usage,gradescope)
	$(PYTHON) -m grading.autograder.package --lab $(LAB) -o $(BUILD)/gradescope/lab$(LAB).zip
gradescope-test: deps-run gradescope ## run that zip for real in a Debian root on test submissions (as root)
	$(PYTHON) -m grading.autograder.isolated_root --lab $(LAB) --zip $(BUILD)/gradescope/lab$(LAB).zip \
		--cache $(GRADESCOPE_ROOT) --out $(BUILD)/gradescope/lab$(LAB)-test
grade-all: deps-run ## grade a class: make grade-all LAB=1 SUBMISSIONS=dir/ (CSV in build/grade-all/labN/)
	@test -n "$(LAB)" -a -n "$(SUBMISSIONS)" || $(call lab_usage,grade-all, SUBMISSIONS=dir/)
	$(PYTHON) -m grading.autograder.grade_all --lab $(LAB) --submissions $(SUBMISSIONS) \
		--out $(BUILD)/grade-all/lab$(LAB) --jobs $(JOBS)

# The student handout: every file git tracks, less the reference solutions and the
# instructor-side tests that need them (kernel/tests/test_*.py, labs/test_*.py, .ci/), and
# labs/tests/ (forged and wrong lab code the graders must reject: near-copies of solutions);
# the docs' links to those become plain text.
HANDOUT := $(BUILD)/handout
handout: ## make the student tree (no solutions/) in build/handout/
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make handout needs a git checkout"; exit 2; }
	rm -rf $(HANDOUT) && mkdir -p $(HANDOUT)/orrery
	git ls-files -z | grep -zv -e '^solutions/' -e '^kernel/tests/test_[^/]*\.py$$' \
		-e '^labs/test_[^/]*\.py$$' -e '^labs/tests/' -e '^\.ci/' | xargs -0 cp --parents -t $(HANDOUT)/orrery
	@# Links to what the handout leaves out become plain text (grading/handout_links.py).
	$(PYTHON) -m grading.handout_links $(HANDOUT)/orrery
	tar -C $(HANDOUT) -czf $(HANDOUT)/orrery-handout.tar.gz orrery
	@echo "handout: $(HANDOUT)/orrery and $(HANDOUT)/orrery-handout.tar.gz (no solutions/)"

docs: deps-docs ## build the API reference with Doxygen into build/docs/
	@mkdir -p $(BUILD)/docs
	( cat docs/Doxyfile; echo "OUTPUT_DIRECTORY=$(BUILD)/docs" ) | doxygen -
	@echo "docs: open $(BUILD)/docs/html/index.html (the guide is docs/README.md)"

# ---------------------------------------------------------------------------------------
# The visualizer's recorded traces and benchmark (issue 10, helper "browser").
# make viz-traces: the test programs issue 10 names and a whole-system run (run=sysbench),
# traced, into $(BUILD)/viz/traces/NAME.bin (+ NAME.json, and NAME.report.json: the
# kernel's own report, once its code is there). The browser tests load them.
.PHONY: viz-traces
VIZ_TRACES := $(BUILD)/viz/traces
viz-traces: deps-run all ## record real traces for the visualizer's tests into build/viz/traces/
	$(PYTHON) viz/record_traces.py --build-dir $(BUILD) --out $(VIZ_TRACES)

# make bench-viz: a 1,000,000-record synthetic trace in the kernel's record shapes
# (viz/bench/synth_trace.py, remade when the header or the generator changes); the host
# decoder's records/s before and after its fast path (viz/bench/decoder_speed.py); the page
# in headless Chromium: first full draw and pan/zoom frames/s (viz/web/bench/page.bench.ts).
# Figures printed beside their budgets; a benchmark, not a test.
.PHONY: bench-viz
VIZ_BENCH_TRACE := $(BUILD)/viz/bench/trace-1M.bin
$(VIZ_BENCH_TRACE): viz/bench/synth_trace.py kernel/trace_events.h viz/orrery_trace/decode.py
	$(PYTHON) viz/bench/synth_trace.py -o $@ --records 1000000
bench-viz: deps-test $(VIZ_BENCH_TRACE) ## the visualizer's benchmark: 1M-record trace, decoder records/s, page draw time and fps
	$(PYTHON) viz/bench/decoder_speed.py $(VIZ_BENCH_TRACE)
	cd viz/web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && \
		ORRERY_VIZ_OUT=$(abspath $(BUILD))/viz/page node_modules/.bin/vite build --logLevel warn && \
		node_modules/.bin/tsc --noEmit -p bench && \
		ORRERY_BUILD=$(abspath $(BUILD)) ORRERY_BENCH_TRACE=$(abspath $(VIZ_BENCH_TRACE)) \
		node_modules/.bin/playwright test -c bench/playwright.config.ts

FORCE:

clean: ## remove everything built
	rm -rf $(BUILD)

help: ## list the targets
	@echo "Orrery make targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1|\2/' | \
		awk -F'|' '{ printf "  %-12s %s\n", $$1, $$2 }'
	@echo "Variables: SOLUTIONS=all|none|\"1 2\"  TRACE=0|1  IPC_FASTPATH=0|1  CMDLINE=\"...\"  ROOT=name  MEMORY=MiB  LAB=n"
	@echo "           VIZ=1 (make run, live)  TRACE_FILE=file (make viz)  VIZ_PORT=8040"
	@echo "Lab solutions available: $(or $(AVAILABLE_SOLUTIONS),none); selected: $(or $(SELECTED_SOLUTIONS),none)"
