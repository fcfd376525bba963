"""Bad boot modules give a clear boot error and a distinct exit status, never a hang."""

import shutil


def test_missing_root_task_is_a_boot_error(boot):
    result = boot("exit", modules=[])
    assert result.outcome == "boot_error", result.describe()
    assert "no root task" in result.boot_error
    assert "roottask" in result.boot_error


def test_root_task_that_is_not_elf_is_malformed(boot, tmp_path):
    bogus = tmp_path / "roottask.elf"
    bogus.write_text("This is a plain text file that somebody named roottask.elf by mistake.\n" * 4)
    result = boot("exit", modules=[bogus])
    assert result.outcome == "boot_error", result.describe()
    assert result.boot_error == "boot module 'roottask' is malformed: not an ELF file (bad magic number)"


def test_root_task_built_for_another_machine_is_malformed(boot, tmp_path):
    host_program = tmp_path / "roottask"
    shutil.copy("/bin/true", host_program)  # a 64-bit x86-64 executable
    result = boot("exit", modules=[host_program])
    assert result.outcome == "boot_error", result.describe()
    assert "not a 32-bit little-endian ELF file" in result.boot_error


def test_truncated_root_task_is_malformed(boot, image, tmp_path):
    truncated = tmp_path / "roottask.elf"
    truncated.write_bytes(image[1][0].read_bytes()[:100])
    result = boot("exit", modules=[truncated])
    assert result.outcome == "boot_error", result.describe()
    assert "lie outside the file" in result.boot_error


def test_root_option_names_the_module_to_use(boot):
    result = boot("exit root=pager")
    assert result.outcome == "boot_error", result.describe()
    assert "expected a boot module named 'pager'" in result.boot_error


def test_empty_module_is_a_boot_error(boot, image, tmp_path):
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    result = boot("exit", modules=[image[1][0], empty])
    assert result.outcome == "boot_error", result.describe()
    assert "boot module 'empty' is empty or malformed" in result.boot_error
