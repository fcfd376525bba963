/*
 * disk.c - finding the disk and its size with IDENTIFY DEVICE (disk.h).
 */
#include "disk.h"
#include "ata_regs.h"
#include "ports.h"
#include "string.h"
#include "watchdog.h"

/* Whether a drive seems to be there: a floating bus reads 0xFF, QEMU's empty bus 0, and
 * a present drive keeps what is written to its sector count and LBA low registers. */
static bool drive_answers(const struct ata_channel *channel)
{
    port_write(channel->base + ATA_REG_DEVICE, ATA_DEVICE_MASTER);
    uint8_t status = ata_pio_alt_status(channel);
    if (status == 0xFF || status == 0x00)
        return false;
    port_write(channel->base + ATA_REG_SECTOR_COUNT, 0x55);
    port_write(channel->base + ATA_REG_LBA_LOW, 0xAA);
    return port_read(channel->base + ATA_REG_SECTOR_COUNT) == 0x55 &&
           port_read(channel->base + ATA_REG_LBA_LOW) == 0xAA;
}

/* The model: IDENTIFY's words 27..46, two characters a word (the first in the high byte),
 * trailing spaces trimmed. */
static void copy_model(char *model, const uint16_t *words)
{
    unsigned length = 0;
    memset(model, 0, BLOCK_MODEL_WORDS * 4 + 1);
    for (unsigned i = 0; i < ATA_ID_MODEL_WORDS && length + 2 <= BLOCK_MODEL_WORDS * 4; i++) {
        model[length++] = (char)(words[ATA_ID_MODEL + i] >> 8);
        model[length++] = (char)(words[ATA_ID_MODEL + i] & 0xFF);
    }
    while (length > 0 && (model[length - 1] == ' ' || model[length - 1] == '\0'))
        model[--length] = '\0';
}

int disk_identify(struct ata_disk *disk)
{
    struct ata_channel *channel = &disk->channel;
    disk->present = false;
    disk->sectors = 0;
    memset(disk->model, 0, sizeof disk->model);
    port_write(channel->control, 0); /* the drive's interrupts on */
    if (!drive_answers(channel))
        return BLOCK_ERR_NO_DEVICE;

    static uint16_t words[ATA_ID_WORDS];
    struct ata_command identify = { ATA_CMD_IDENTIFY, 0, 0 };
    watchdog_arm(ATA_COMMAND_TIMEOUT_MS);
    int status = ata_pio_issue(channel, &identify);
    if (status == 0)
        status = ata_pio_wait_interrupt(channel);
    if (status >= 0 && !(status & ATA_STATUS_DRQ))
        status = BLOCK_ERR_IO;
    if (status >= 0)
        ata_pio_transfer(channel, words, ATA_FROM_DRIVE);
    else if (status == BLOCK_ERR_TIMEOUT)
        ata_pio_reset(channel);
    watchdog_disarm();
    if (status == BLOCK_ERR_IO &&
        port_read(channel->base + ATA_REG_LBA_MID) == ATA_ATAPI_SIGNATURE_MID &&
        port_read(channel->base + ATA_REG_LBA_HIGH) == ATA_ATAPI_SIGNATURE_HIGH)
        return BLOCK_ERR_NO_DEVICE; /* a CD-ROM: not a disk */
    if (status < 0)
        return status;
    if (!(words[ATA_ID_CAPABILITIES] & ATA_ID_CAP_LBA))
        return BLOCK_ERR_NO_DEVICE; /* cylinders, heads and sectors only: not supported */
    uint32_t sectors = words[ATA_ID_LBA28_SECTORS] | (uint32_t)words[ATA_ID_LBA28_SECTORS + 1] << 16;
    if (sectors == 0)
        return BLOCK_ERR_NO_DEVICE;
    disk->sectors = sectors < ATA_LBA28_LIMIT ? sectors : ATA_LBA28_LIMIT;
    copy_model(disk->model, words);
    disk->present = true;
    return 0;
}
