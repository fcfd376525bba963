/*
 * sectors.c - reading and writing runs of sectors and flushing the cache, as whole ATA PIO
 * commands built from pio.h's steps (sectors.h).
 */
#include "sectors.h"
#include "ata_regs.h"
#include "watchdog.h"

_Static_assert(BLOCK_MAX_SECTORS <= ATA_MAX_SECTORS_PER_COMMAND,
               "a request is one command");

int sectors_check(const struct ata_disk *disk, uint32_t first, uint32_t count)
{
    if (!disk->present)
        return BLOCK_ERR_NO_DEVICE;
    if (count == 0 || count > BLOCK_MAX_SECTORS)
        return ERR_INVALID;
    if (first >= disk->sectors || count > disk->sectors - first)
        return ERR_INVALID; /* past the end: the drive never sees it */
    return 0;
}

/* End a command: disarm the watchdog, and reset the channel if the drive never answered,
 * so that the next command finds it idle. @return @p result. */
static int finish(struct ata_disk *disk, int result)
{
    if (result == BLOCK_ERR_TIMEOUT) {
        watchdog_arm(ATA_COMMAND_TIMEOUT_MS);
        ata_pio_reset(&disk->channel);
    }
    watchdog_disarm();
    return result;
}

int sectors_read(struct ata_disk *disk, uint32_t first, uint32_t count, void *buffer)
{
    int error = sectors_check(disk, first, count);
    if (error < 0)
        return error;
    struct ata_command read = { ATA_CMD_READ_SECTORS, first, count };
    watchdog_arm(ATA_COMMAND_TIMEOUT_MS);
    int status = ata_pio_issue(&disk->channel, &read);
    uint8_t *sector = buffer;
    for (uint32_t i = 0; status >= 0 && i < count; i++, sector += BLOCK_SECTOR_SIZE) {
        status = ata_pio_wait_interrupt(&disk->channel);
        if (status >= 0 && !(status & ATA_STATUS_DRQ))
            status = BLOCK_ERR_IO; /* done without the data */
        if (status >= 0)
            ata_pio_transfer(&disk->channel, sector, ATA_FROM_DRIVE);
    }
    return finish(disk, status < 0 ? status : (int)count);
}

int sectors_write(struct ata_disk *disk, uint32_t first, uint32_t count, const void *buffer)
{
    int error = sectors_check(disk, first, count);
    if (error < 0)
        return error;
    struct ata_command write = { ATA_CMD_WRITE_SECTORS, first, count };
    watchdog_arm(ATA_COMMAND_TIMEOUT_MS);
    int status = ata_pio_issue(&disk->channel, &write);
    if (status >= 0)
        status = ata_pio_wait_data(&disk->channel); /* no interrupt before the first */
    const uint8_t *sector = buffer;
    for (uint32_t i = 0; status >= 0 && i < count; i++, sector += BLOCK_SECTOR_SIZE) {
        if (!(status & ATA_STATUS_DRQ)) {
            status = BLOCK_ERR_IO; /* it stopped asking for data */
            break;
        }
        ata_pio_transfer(&disk->channel, (void *)sector, ATA_TO_DRIVE);
        status = ata_pio_wait_interrupt(&disk->channel); /* took it: DRQ for the next */
    }
    if (status >= 0 && (status & ATA_STATUS_DRQ))
        status = BLOCK_ERR_IO; /* wants more than the command said */
    return finish(disk, status < 0 ? status : (int)count);
}

int sectors_flush(struct ata_disk *disk)
{
    if (!disk->present)
        return BLOCK_ERR_NO_DEVICE;
    struct ata_command flush = { ATA_CMD_FLUSH_CACHE, 0, 0 };
    watchdog_arm(ATA_COMMAND_TIMEOUT_MS);
    int status = ata_pio_issue(&disk->channel, &flush);
    if (status >= 0)
        status = ata_pio_wait_interrupt(&disk->channel);
    return finish(disk, status < 0 ? status : 0);
}
