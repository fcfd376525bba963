/*
 * roottask/main.c - the first user program: the kernel starts it with every boot module
 * mapped into it (struct user_boot_info), and it starts every other module as a task.
 *
 * Command-line words it reads: root=NAME (its own module name, default roottask, so it
 * does not start itself again) and stay (keep running instead of stopping the machine
 * once the others had time to run).
 */
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "runtime.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define CHILD_QUOTA (256 * 1024)
#define CHILD_PRIORITY PRIORITY_DEFAULT
#define CHILDREN_RUN_TICKS 200

/* The command-line word that starts with @p prefix (e.g. "stay" or "root="), or NULL. */
static const char *find_word(const char *cmdline, const char *prefix)
{
    size_t prefix_len = strlen(prefix);
    for (const char *p = cmdline; *p;) {
        size_t len = 0;
        while (p[len] && p[len] != ' ')
            len++;
        bool exact = prefix[prefix_len - 1] == '=' || len == prefix_len;
        if (len >= prefix_len && exact && strncmp(p, prefix, prefix_len) == 0)
            return p;
        p += len;
        while (*p == ' ')
            p++;
    }
    return NULL;
}

/* This task's own module name: the value of root=, or "roottask". */
static void own_name(const char *cmdline, char *name, size_t size)
{
    const char *word = find_word(cmdline, "root=");
    strlcpy(name, "roottask", size);
    if (word) {
        word += strlen("root=");
        size_t len = 0;
        while (word[len] && word[len] != ' ' && len + 1 < size)
            len++;
        memcpy(name, word, len);
        name[len] = '\0';
    }
}

static int start_module(const struct user_boot_module *module)
{
    const void *image = (const void *)module->address;
    int result = elf_spawn(image, module->size, module->name, CHILD_QUOTA, CHILD_PRIORITY,
                           NULL, NULL);
    if (result < 0) {
        const char *problem = elf_image_problem(image, module->size);
        printf("roottask: cannot start %s: %s (%d)%s%s\n", module->name, error_name(result),
               result, problem ? ": " : "", problem ? problem : "");
        return result;
    }
    printf("roottask: started %s\n", module->name);
    return 0;
}

int main(const struct user_boot_info *info)
{
    if (!info || info->magic != USER_BOOT_INFO_MAGIC) {
        printf("roottask: no boot information from the kernel\n");
        return 1;
    }
    char self[USER_MODULE_NAME_MAX];
    own_name(info->cmdline, self, sizeof self);

    printf("roottask: %u boot modules\n", info->module_count);
    int failures = 0;
    for (unsigned i = 0; i < info->module_count && i < USER_MAX_MODULES; i++) {
        if (strcmp(info->modules[i].name, self) != 0 && start_module(&info->modules[i]) < 0)
            failures++;
    }

    if (find_word(info->cmdline, "stay"))
        for (;;)
            sys_sleep(1000);
    sys_sleep(CHILDREN_RUN_TICKS); /* let the others run before the machine stops */
    return failures ? 1 : 0;
}
