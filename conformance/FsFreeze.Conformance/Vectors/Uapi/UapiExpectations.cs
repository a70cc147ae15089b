using System.Collections.Generic;
using System.Numerics;
using System.Text.Json;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Vectors.Uapi
{
    /// <summary>
    /// The header macros the cross-check compares, each with the value the model gives it (or, where the model has
    /// no such constant yet, the value spec/virtio-fsfreeze.md or the virtio specification gives it).
    /// </summary>
    internal static class UapiExpectations
    {
        private const string Model = "model";
        private const string Spec = "spec";

        /// <summary>Ring flags, event flags, ring feature bits and alignments (&lt;linux/virtio_ring.h&gt;).</summary>
        internal static IEnumerable<UapiExpectation> Ring()
        {
            yield return new("VRING_DESC_F_NEXT", (long)DescriptorFlags.Next, Model);
            yield return new("VRING_DESC_F_WRITE", (long)DescriptorFlags.Write, Model);
            yield return new("VRING_DESC_F_INDIRECT", (long)DescriptorFlags.Indirect, Model);

            // Linux defines the packed AVAIL and USED flags as shift counts, not masks.
            yield return new("VRING_PACKED_DESC_F_AVAIL", BitOperations.Log2((uint)DescriptorFlags.Avail), Model);
            yield return new("VRING_PACKED_DESC_F_USED", BitOperations.Log2((uint)DescriptorFlags.Used), Model);
            yield return new("VRING_USED_F_NO_NOTIFY", SplitRingLayout.UsedFlagNoNotify, Model);
            yield return new("VRING_AVAIL_F_NO_INTERRUPT", SplitRingLayout.AvailFlagNoInterrupt, Model);

            yield return new("VRING_PACKED_EVENT_FLAG_ENABLE", PackedRingLayout.EventFlagsEnable, Model);
            yield return new("VRING_PACKED_EVENT_FLAG_DISABLE", PackedRingLayout.EventFlagsDisable, Model);
            yield return new("VRING_PACKED_EVENT_FLAG_DESC", PackedRingLayout.EventFlagsDesc, Model);

            // Like the descriptor AVAIL/USED flags, the off_wrap wrap bit is a shift count in Linux.
            yield return new("VRING_PACKED_EVENT_F_WRAP_CTR", PackedRingLayout.OffWrapWrapShift, Model);
            yield return new("VIRTIO_RING_F_INDIRECT_DESC", VirtioFeatureBit.IndirectDesc, Model);
            yield return new("VIRTIO_RING_F_EVENT_IDX", VirtioFeatureBit.EventIdx, Model);
            yield return new("VRING_DESC_ALIGN_SIZE", SplitRingLayout.DescriptorTableAlignment, Model);
            yield return new("VRING_AVAIL_ALIGN_SIZE", SplitRingLayout.AvailRingAlignment, Model);
            yield return new("VRING_USED_ALIGN_SIZE", SplitRingLayout.UsedRingAlignment, Model);
        }

        /// <summary>Status bits and reserved feature bits (&lt;linux/virtio_config.h&gt;).</summary>
        internal static IEnumerable<UapiExpectation> Config()
        {
            yield return new("VIRTIO_CONFIG_S_ACKNOWLEDGE", (long)DeviceStatus.Acknowledge, Model);
            yield return new("VIRTIO_CONFIG_S_DRIVER", (long)DeviceStatus.Driver, Model);
            yield return new("VIRTIO_CONFIG_S_DRIVER_OK", (long)DeviceStatus.DriverOk, Model);
            yield return new("VIRTIO_CONFIG_S_FEATURES_OK", (long)DeviceStatus.FeaturesOk, Model);
            yield return new("VIRTIO_CONFIG_S_NEEDS_RESET", (long)DeviceStatus.DeviceNeedsReset, Model);
            yield return new("VIRTIO_CONFIG_S_FAILED", (long)DeviceStatus.Failed, Model);

            // Linux 6.1 predates SUSPEND (VIRTIO_F_SUSPEND, bit 43) and its status bit.
            yield return new("VIRTIO_CONFIG_S_SUSPEND", (long)DeviceStatus.Suspend, Model, Optional: true);
            yield return new("VIRTIO_TRANSPORT_F_START", 28, Spec);

            // VIRTIO_TRANSPORT_F_END is an exclusive bound Linux moves as it adopts bits (41 in 6.1, 42 upstream): not compared.
            yield return new("VIRTIO_F_NOTIFY_ON_EMPTY", 24, Spec);
            yield return new("VIRTIO_F_ANY_LAYOUT", 27, Spec);
            yield return new("VIRTIO_F_VERSION_1", VirtioFeatureBit.Version1, Model);
            yield return new("VIRTIO_F_ACCESS_PLATFORM", VirtioFeatureBit.AccessPlatform, Model);
            yield return new("VIRTIO_F_RING_PACKED", VirtioFeatureBit.RingPacked, Model);
            yield return new("VIRTIO_F_IN_ORDER", VirtioFeatureBit.InOrder, Model);
            yield return new("VIRTIO_F_ORDER_PLATFORM", 36, Spec);
            yield return new("VIRTIO_F_SR_IOV", 37, Spec);
            yield return new("VIRTIO_F_NOTIFICATION_DATA", VirtioFeatureBit.NotificationData, Model, Optional: true);
            yield return new("VIRTIO_F_NOTIF_CONFIG_DATA", 39, Spec, Optional: true);
            yield return new("VIRTIO_F_RING_RESET", 40, Spec);
            yield return new("VIRTIO_F_ADMIN_VQ", 41, Spec, Optional: true);
            yield return new("VIRTIO_F_SUSPEND", 43, Spec, Optional: true);
        }

        /// <summary>
        /// Register offsets (&lt;linux/virtio_mmio.h&gt;) from mmio-registers.json, plus the legacy registers and
        /// the interrupt bits. Linux names QueueSizeMax/QueueSize QUEUE_NUM_MAX/QUEUE_NUM and QueueDriver/QueueDevice
        /// QUEUE_AVAIL/QUEUE_USED; the file's linux_name carries that mapping.
        /// </summary>
        internal static IEnumerable<UapiExpectation> Mmio(IEnumerable<JsonElement> registers)
        {
            foreach (JsonElement register in registers)
            {
                JsonElement linuxName = register.GetProperty("linux_name");
                int offset = register.GetProperty("offset").GetInt32();
                if (linuxName.ValueKind == JsonValueKind.String)
                {
                    yield return new(linuxName.GetString()!, offset, "mmio-registers.json");
                }
                else
                {
                    // QueueReset (0x0c0) came with VIRTIO_F_RING_RESET after Linux 6.1's header: checked only if a
                    // newer header defines it, under the name Linux would give it.
                    yield return new("VIRTIO_MMIO_QUEUE_RESET", offset, "mmio-registers.json", Optional: true);
                }
            }

            // Legacy (version 1) registers, virtio 1.4 "Legacy interface": still in the header, not in the v2 table.
            yield return new("VIRTIO_MMIO_GUEST_PAGE_SIZE", 0x028, Spec);
            yield return new("VIRTIO_MMIO_QUEUE_ALIGN", 0x03c, Spec);
            yield return new("VIRTIO_MMIO_QUEUE_PFN", 0x040, Spec);

            // InterruptStatus bit 0 is the used-buffer notification, bit 1 the configuration change (FF-MMIO-8).
            yield return new("VIRTIO_MMIO_INT_VRING", 1, Spec);
            yield return new("VIRTIO_MMIO_INT_CONFIG", 2, Spec);
        }
    }
}
