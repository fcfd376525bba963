/*
 * path.c - path normalisation (path.h): the working directory, then each component of the
 * path in turn, onto one buffer: "." is skipped, ".." takes the last component off.
 */
#include "path.h"
#include "proto/errors.h"

/* The result being built: out[0 .. length), always a normalised path. */
struct builder {
    char *out;
    size_t size;
    size_t length;
};

/* Take the last component off ("/a/b" -> "/a", "/a" -> "/", "/" stays). */
static void go_up(struct builder *b)
{
    while (b->length > 1 && b->out[b->length - 1] != '/')
        b->length--;
    if (b->length > 1)
        b->length--; /* the '/' before the component, unless it is the root's */
}

/* Add the component @p name of @p count bytes. @return 0 or FS_ERR_NAME. */
static int add(struct builder *b, const char *name, size_t count)
{
    if (count == 0 || (count == 1 && name[0] == '.'))
        return 0;
    if (count == 2 && name[0] == '.' && name[1] == '.') {
        go_up(b);
        return 0;
    }
    if (count > PATH_NAME_MAX)
        return FS_ERR_NAME;
    size_t slash = b->length > 1 ? 1 : 0;
    if (b->length + slash + count + 1 > b->size)
        return FS_ERR_NAME;
    if (slash)
        b->out[b->length++] = '/';
    for (size_t i = 0; i < count; i++)
        b->out[b->length++] = name[i];
    return 0;
}

/* Add every component of @p text. @return 0 or FS_ERR_NAME. */
static int add_all(struct builder *b, const char *text)
{
    while (*text) {
        while (*text == '/')
            text++;
        size_t count = 0;
        while (text[count] && text[count] != '/')
            count++;
        int error = add(b, text, count);
        if (error < 0)
            return error;
        text += count;
    }
    return 0;
}

int path_resolve(const char *cwd, const char *path, char *out, size_t size)
{
    if (!out || size < 2) /* "/" and its NUL */
        return FS_ERR_NAME;
    out[0] = '\0';
    if (!path || path[0] == '\0')
        return FS_ERR_NAME;
    struct builder b = { .out = out, .size = size, .length = 1 };
    out[0] = '/';
    int error = 0;
    if (path[0] != '/' && cwd && cwd[0] == '/')
        error = add_all(&b, cwd);
    if (error == 0)
        error = add_all(&b, path);
    if (error < 0) {
        out[0] = '\0';
        return error;
    }
    out[b.length] = '\0';
    return (int)b.length;
}

int path_join(const char *dir, const char *name, char *out, size_t size)
{
    if (dir && dir[0] == '/')
        return path_resolve(dir, name, out, size);
    /* A relative directory: "dir/name", still relative (to the working directory). */
    size_t a = 0, b = 0;
    while (dir && dir[a])
        a++;
    while (name && name[b])
        b++;
    if (!out || a == 0 || b == 0 || a + 1 + b + 1 > size) {
        if (out && size)
            out[0] = '\0';
        return FS_ERR_NAME;
    }
    for (size_t i = 0; i < a; i++)
        out[i] = dir[i];
    out[a] = '/';
    for (size_t i = 0; i < b; i++)
        out[a + 1 + i] = name[i];
    out[a + 1 + b] = '\0';
    return (int)(a + 1 + b);
}

int path_basename(const char *path, char *out, size_t size)
{
    if (!out || size == 0)
        return FS_ERR_NAME;
    out[0] = '\0';
    size_t end = 0;
    while (path && path[end])
        end++;
    while (end > 1 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end == 1 && path[0] == '/')
        start = 0; /* "/" (or "///") is its own last component */
    size_t count = end - start;
    if (count + 1 > size)
        return FS_ERR_NAME;
    for (size_t i = 0; i < count; i++)
        out[i] = path[start + i];
    out[count] = '\0';
    return (int)count;
}
