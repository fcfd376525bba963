# orrery.gdb - GDB set-up for debugging the Orrery kernel (used by `make gdb`).
#
# Loads the Orrery commands (orrery-*, listed by `help user-defined`) and sets sensible defaults for a
# 32-bit kernel. The Makefile loads the kernel's symbols and connects to QEMU.
set architecture i386
set disassembly-flavor att
set print pretty on
source kernel/gdb/orrery_commands.py
echo Orrery GDB commands loaded: orrery-frames, orrery-trace, orrery-boot, orrery-tasks. Try: break kmain, continue\n
