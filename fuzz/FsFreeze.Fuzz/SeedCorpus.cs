using System;
using System.Collections.Generic;
using System.IO;
using FsFreeze.Fuzz.Targets;
using FsFreeze.Virtio.Queues;
using D = FsFreeze.Virtio.Queues.DescriptorFlags;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// The checked-in seed corpus, generated so each seed says what it is: a valid case per ring format and
    /// feature, one per malformed-chain error, the spec's worked examples, and a full driver bring-up.
    /// </summary>
    internal static class SeedCorpus
    {
        private const byte Packed = QueueShape.PackedBit;
        private const byte Ind = QueueShape.IndirectBit;
        private const byte Evt = QueueShape.EventIdxBit;

        /// <summary>Writes every seed under <paramref name="root"/>/&lt;target&gt;/ and returns how many.</summary>
        public static int Write(string root)
        {
            int count = 0;
            foreach ((string target, string name, byte[] bytes) in All())
            {
                string dir = Path.Combine(root, target);
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(Path.Combine(dir, name), bytes);
                count++;
            }

            return count;
        }

        private static IEnumerable<(string Target, string Name, byte[] Bytes)> All()
        {
            foreach ((string name, byte[] bytes) in DeviceQueue())
            {
                yield return ("device-queue", name, bytes);
            }

            foreach ((string name, byte[] bytes) in DriverQueue())
            {
                yield return ("driver-queue", name, bytes);
            }

            foreach ((string name, byte[] bytes) in Protocol())
            {
                yield return ("protocol", name, bytes);
            }

            foreach ((string name, byte[] bytes) in Mmio())
            {
                yield return ("mmio", name, bytes);
            }
        }

        private static byte[] Queue(byte flags, int size, SeedImage image) =>
            Concat(new[] { flags, QueueShape.SizeByte((flags & Packed) != 0, size) }, image.Bytes);

        private static IEnumerable<(string, byte[])> DeviceQueue()
        {
            const ulong R = SeedImage.ReadBuffer;
            const ulong W = SeedImage.WriteBuffer;
            const ulong T = SeedImage.Table;
            SeedImage Chain() => new SeedImage().Split(0, R, 16, D.Next, 1).Split(1, W, 32, D.Write);

            yield return ("split-valid-chain", Queue(0, 4, Chain().Avail(1, 0)));
            yield return ("split-valid-event-idx-deferred", Queue(Evt | DeviceQueueTarget.DeferPushBit, 4, Chain().Split(2, W, 8, D.Write).Avail(2, 0, 2)));
            yield return ("split-valid-suppressed", Queue(DeviceQueueTarget.SuppressBit, 4, Chain().Avail(1, 0)));
            yield return ("split-valid-cross-region", Queue(0, 2, new SeedImage().Split(0, GuestLayout.Base + GuestLayout.FirstRegionSize - 8, 16, D.None).Avail(1, 0)));
            yield return ("split-valid-indirect", Queue(Ind, 4, new SeedImage().Split(0, T, 32, D.Indirect).Indirect(0, R, 16, D.Next, 1).Indirect(1, W, 32, D.Write).Avail(1, 0)));
            yield return ("split-loop", Queue(0, 4, new SeedImage().Split(0, R, 16, D.Next, 1).Split(1, R, 16, D.Next, 0).Avail(1, 0)));
            yield return ("split-readable-after-writable", Queue(0, 4, new SeedImage().Split(0, W, 16, D.Write | D.Next, 1).Split(1, R, 16, D.None).Avail(1, 0)));
            yield return ("split-next-out-of-range", Queue(0, 4, new SeedImage().Split(0, R, 16, D.Next, 9).Avail(1, 0)));
            yield return ("split-zero-length", Queue(0, 4, new SeedImage().Split(0, R, 0, D.None).Avail(1, 0)));
            yield return ("split-outside-memory", Queue(0, 4, new SeedImage().Split(0, 0, 16, D.None).Avail(1, 0)));
            yield return ("split-address-wraps", Queue(0, 4, new SeedImage().Split(0, ulong.MaxValue - 4, 16, D.None).Avail(1, 0)));
            yield return ("split-head-out-of-range", Queue(0, 4, Chain().Avail(1, 7)));
            yield return ("split-head-already-in-flight", Queue(DeviceQueueTarget.DeferPushBit, 4, Chain().Avail(2, 0, 0)));
            yield return ("split-avail-index-jump", Queue(0, 4, Chain().Avail(100, 0)));
            yield return ("split-indirect-not-negotiated", Queue(0, 4, new SeedImage().Split(0, T, 32, D.Indirect).Indirect(0, R, 16, D.None).Avail(1, 0)));
            yield return ("split-indirect-with-next", Queue(Ind, 4, new SeedImage().Split(0, T, 32, D.Indirect | D.Next, 1).Indirect(0, R, 16, D.None).Avail(1, 0)));
            yield return ("split-indirect-bad-length", Queue(Ind, 4, new SeedImage().Split(0, T, 20, D.Indirect).Indirect(0, R, 16, D.None).Avail(1, 0)));
            yield return ("split-nested-indirect", Queue(Ind, 4, new SeedImage().Split(0, T, 32, D.Indirect).Indirect(0, T, 32, D.Indirect).Avail(1, 0)));
            yield return ("split-indirect-loop", Queue(Ind, 4, new SeedImage().Split(0, T, 32, D.Indirect).Indirect(0, R, 16, D.Next, 1).Indirect(1, R, 16, D.Next, 0).Avail(1, 0)));
            yield return ("split-length-overflow", Queue(0, 4, new SeedImage().Split(0, GuestLayout.Base, uint.MaxValue, D.Next, 1).Split(1, GuestLayout.Base, uint.MaxValue, D.None).Avail(1, 0)));
            yield return ("split-misaligned-layout", Concat(new byte[] { DeviceQueueTarget.CustomLayoutBit, 2, 8, 0, 0x01, 0x01, 0x42, 0x01 }, Chain().Avail(1, 0).Bytes));
            yield return ("split-ring-outside-memory", Concat(new byte[] { DeviceQueueTarget.CustomLayoutBit, 2, 0xF0, 0xFF, 0, 1, 0x40, 1 }, Chain().Bytes));

            SeedImage PackedChain() => new SeedImage().Packed(0, R, 16, 0, D.Next).Packed(1, W, 32, 0, D.Write);
            yield return ("packed-valid-chain", Queue(Packed, 4, PackedChain()));
            yield return ("packed-valid-two-chains-event-idx", Queue(Packed | Evt, 4, PackedChain().Packed(2, W, 8, 1, D.Write)));
            yield return ("packed-valid-wrap", Queue(Packed, 3, PackedChain().Packed(2, R, 4, 1, D.None)));
            yield return ("packed-valid-odd-size", Queue(Packed | DeviceQueueTarget.DeferPushBit, 5, PackedChain().Packed(2, R, 4, 1, D.None)));
            yield return ("packed-valid-indirect", Queue(Packed | Ind, 4, new SeedImage().Packed(0, T, 32, 3, D.Indirect).PackedIndirect(0, R, 16, D.None).PackedIndirect(1, W, 32, D.Write)));
            yield return ("packed-readable-after-writable", Queue(Packed, 4, new SeedImage().Packed(0, W, 16, 0, D.Write | D.Next).Packed(1, R, 16, 0, D.None)));
            yield return ("packed-chain-longer-than-ring", Queue(Packed, 2, new SeedImage().Packed(0, R, 16, 0, D.Next).Packed(1, R, 16, 0, D.Next)));
            yield return ("packed-zero-length", Queue(Packed, 4, new SeedImage().Packed(0, R, 0, 0, D.None)));
            yield return ("packed-duplicate-buffer-id", Queue(Packed | DeviceQueueTarget.DeferPushBit, 4, new SeedImage().Packed(0, R, 16, 5, D.None).Packed(1, R, 16, 5, D.None)));
            yield return ("packed-indirect-not-negotiated", Queue(Packed, 4, new SeedImage().Packed(0, T, 32, 0, D.Indirect).PackedIndirect(0, R, 16, D.None)));
            yield return ("packed-nested-indirect", Queue(Packed | Ind, 4, new SeedImage().Packed(0, T, 16, 0, D.Indirect).PackedIndirect(0, T, 16, D.Indirect)));
        }

        private static IEnumerable<(string, byte[])> DriverQueue()
        {
            const byte Add = DriverQueueTarget.OpAdd;
            const byte Use = DriverQueueTarget.OpDeviceUse;
            const byte Scribble = DriverQueueTarget.OpScribble;
            const byte Reclaim = DriverQueueTarget.OpReclaim;
            const byte Toggle = DriverQueueTarget.OpToggle;

            // Add shape byte: readable count (bits 0-1), writable count (bits 2-3), indirect (bit 4), then lengths.
            byte[] addRw = { Add, 0x05, 15, 31 };
            byte[] addIndirect = { Add, 0x1A, 7, 7, 63, 63 };
            byte[] use = { Use, 8, 0, 0, 0 };
            byte[] overUse = { Use, 0xFF, 0xFF, 0xFF, 0xFF };
            foreach ((string prefix, byte flags) in new[] { ("split", (byte)0), ("packed", Packed) })
            {
                yield return ($"{prefix}-add-use-reclaim", Concat(new[] { flags, QueueShape.SizeByte(flags != 0, 4) }, addRw, use, new[] { Reclaim }));
                yield return ($"{prefix}-indirect-event-idx", Concat(new[] { (byte)(flags | Ind | Evt), QueueShape.SizeByte(flags != 0, 8) }, addIndirect, addRw, use, use, new byte[] { Reclaim, Toggle, 1 }, addRw, use, new[] { Reclaim }));
                yield return ($"{prefix}-fill-and-drain", Concat(new[] { flags, QueueShape.SizeByte(flags != 0, 2) }, addRw, addRw, addRw, use, use, new[] { Reclaim }, addRw, use, new[] { Reclaim }));
                yield return ($"{prefix}-full-length", Concat(new[] { flags, QueueShape.SizeByte(flags != 0, 4) }, addRw, overUse, new[] { Reclaim }));
                yield return ($"{prefix}-refused-empty-buffer", Concat(new[] { flags, QueueShape.SizeByte(flags != 0, 4) }, new byte[] { Add, 0x21, 0 }, new[] { Reclaim }));
            }

            // Split used ring at DeviceOffset: flags u16, idx u16, then (id u32, len u32) elements.
            byte usedLow = (byte)(GuestLayout.DeviceOffset & 0xFF);
            byte usedHigh = (byte)(GuestLayout.DeviceOffset >> 8);
            yield return ("split-forged-index-jump", Concat(new byte[] { 0, 2 }, addRw, new byte[] { Scribble, (byte)(usedLow + 2), usedHigh, 2, 9, 0, Reclaim }));
            yield return ("split-forged-id-out-of-range", Concat(new byte[] { 0, 2 }, addRw, new byte[] { Scribble, usedLow, usedHigh, 12, 0, 0, 1, 0, 9, 0, 0, 0, 4, 0, 0, 0, Reclaim }));
            yield return ("split-forged-id-not-in-flight", Concat(new byte[] { 0, 2 }, addRw, new byte[] { Scribble, usedLow, usedHigh, 12, 0, 0, 1, 0, 1, 0, 0, 0, 4, 0, 0, 0, Reclaim }));
            yield return ("split-forged-length", Concat(new byte[] { 0, 2 }, addRw, new byte[] { Scribble, usedLow, usedHigh, 12, 0, 0, 1, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, Reclaim }));
            yield return ("packed-forged-used-nothing-pending", new byte[] { Packed, 3, Scribble, 14, 0, 2, 0x80, 0x80, Reclaim });
            yield return ("packed-forged-id-not-in-flight", Concat(new byte[] { Packed, 3 }, addRw, new byte[] { Scribble, 12, 0, 4, 3, 0, 0x80, 0x80, Reclaim }));
            yield return ("packed-forged-length", Concat(new byte[] { Packed, 3 }, addRw, new byte[] { Scribble, 8, 0, 8, 0xFF, 0xFF, 0, 0, 0, 0, 0x82, 0x80, Reclaim }));
        }

        private static IEnumerable<(string, byte[])> Protocol()
        {
            // Prefix: decoder, features, awaited, max_entries (u16). Features: SB_DETAIL 1, SELECTIVE 2, APP_NOTICE 4, EVENTS 8.
            byte[] Req(byte features) => new byte[] { ProtocolTarget.Request, features, 0, 0, 0 };
            byte[] Rep(byte features, byte awaited, ushort maxEntries = 16) => new byte[] { ProtocolTarget.Reply, features, awaited, (byte)maxEntries, (byte)(maxEntries >> 8) };

            byte[] freeze = Hex("01 00 00 00 01 00 00 00 30 75 00 00 00 00 00 00");
            byte[] selective = Hex("01 00 00 00 02 00 00 00 10 27 00 00 d0 07 02 00 01 00 08 00 fd 00 00 00 01 00 00 00 00 00 00 00 02 00 07 00 2f 73 72 76 2f 64 62 00 00 00 00 00");
            byte[] freezeReply = Hex("01 00 00 00 01 00 00 00 01 00 00 00 03 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00 00 00 00 00 26 75 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] detail = Hex(
                "01 00 00 00 01 00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 03 00 00 00 "
                + "26 75 00 00 00 00 00 00 00 00 00 00 00 00 00 00 fd 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 "
                + "78 66 73 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 19 00 00 00 02 00 00 00 00 00 00 00 "
                + "74 6d 70 66 73 00 00 00 00 00 00 00 00 00 00 00 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                + "65 78 74 34 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] failed = Hex(
                "01 00 01 00 03 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 01 00 00 00 03 00 00 00 "
                + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 fd 00 00 00 01 00 00 00 05 00 00 00 00 00 00 00 "
                + "78 66 73 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 19 00 00 00 02 00 00 00 00 00 00 00 "
                + "74 6d 70 66 73 00 00 00 00 00 00 00 00 00 00 00 fd 00 00 00 00 00 00 00 04 00 00 00 05 00 00 00 "
                + "65 78 74 34 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] thaw = Hex("02 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00");
            byte[] thawReply = Hex("02 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] status = Hex("03 00 00 00 05 00 00 00 00 00 00 00 00 00 00 00");
            byte[] statusReply = Hex("03 00 00 00 05 00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 20 4e 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] autoThawed = Hex("01 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00");

            yield return ("request-freeze", Concat(Req(0), freeze));
            yield return ("request-freeze-selective", Concat(Req(6), selective));
            yield return ("request-freeze-selective-unsupported", Concat(Req(0), selective));
            yield return ("request-thaw", Concat(Req(0), thaw));
            yield return ("request-status", Concat(Req(0), status));
            yield return ("request-too-short", Concat(Req(0), freeze.AsSpan(0, 15).ToArray()));
            yield return ("request-trailing-bytes", Concat(Req(0), freeze, new byte[] { 0xAA, 0xBB }));
            yield return ("request-unknown-type", Concat(Req(0), Patch(freeze, 0, 9)));
            yield return ("request-flags-non-zero", Concat(Req(0), Patch(freeze, 2, 1)));
            yield return ("request-id-zero", Concat(Req(0), Patch(freeze, 4, 0)));
            yield return ("request-selector-bad-padding", Concat(Req(6), Patch(selective, 47, 1)));
            yield return ("request-selector-relative-path", Concat(Req(6), Patch(selective, 36, (byte)'s')));
            yield return ("request-selector-count-too-large", Concat(Req(6), Patch(selective, 14, 0xFF)));
            yield return ("reply-freeze", Concat(Rep(0, ProtocolTarget.AwaitFreeze), freezeReply));
            yield return ("reply-freeze-detail", Concat(Rep(1, ProtocolTarget.AwaitFreeze), detail));
            yield return ("reply-freeze-failed", Concat(Rep(1, ProtocolTarget.AwaitFreeze), failed));
            yield return ("reply-thaw", Concat(Rep(0, ProtocolTarget.AwaitThaw), thawReply));
            yield return ("reply-status", Concat(Rep(0, ProtocolTarget.AwaitStatus), statusReply));
            yield return ("reply-event-auto-thawed", Concat(Rep(8, ProtocolTarget.AwaitNone), autoThawed));
            yield return ("reply-event-not-negotiated", Concat(Rep(0, ProtocolTarget.AwaitNone), autoThawed));
            yield return ("reply-unknown-request-id", Concat(Rep(0, ProtocolTarget.AwaitOther), freezeReply));
            yield return ("reply-type-mismatch", Concat(Rep(0, ProtocolTarget.AwaitThaw), freezeReply));
            yield return ("reply-entries-beyond-buffer", Concat(Rep(1, ProtocolTarget.AwaitFreeze), detail.AsSpan(0, 100).ToArray()));
            yield return ("reply-entries-above-max", Concat(Rep(1, ProtocolTarget.AwaitFreeze, 2), detail));
            yield return ("reply-entries-without-sb-detail", Concat(Rep(0, ProtocolTarget.AwaitFreeze), detail));
            yield return ("reply-reserved-non-zero", Concat(Rep(0, ProtocolTarget.AwaitFreeze), Patch(freezeReply, 44, 1)));
            yield return ("reply-too-short", Concat(Rep(0, ProtocolTarget.AwaitFreeze), freezeReply.AsSpan(0, 47).ToArray()));
            yield return ("config-valid", Concat(new byte[] { ProtocolTarget.Config, 0, 0, 0, 0 }, Hex("00 01 00 00 40 00 00 00 60 ea 00 00")));
            yield return ("config-invalid-values", Concat(new byte[] { ProtocolTarget.Config, 0, 0, 0, 0 }, Hex("00 00 00 00 ff ff ff ff 00 00 00 00")));
            yield return ("config-too-short", new byte[] { ProtocolTarget.Config, 0, 0, 0, 0, 1, 2, 3 });
        }

        private static IEnumerable<(string, byte[])> Mmio()
        {
            const byte Control = MmioTarget.OpControl;
            const byte Status = MmioTarget.OpStatus;
            static byte[] Reg(ulong offset, uint value) => new byte[] { Control, (byte)(offset / 4), (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) };
            static byte[] Mem(ushort offset, byte[] bytes) => Concat(new byte[] { MmioTarget.OpMemory, (byte)offset, (byte)(offset >> 8), (byte)bytes.Length }, bytes);

            foreach ((string name, bool packed) in new[] { ("bring-up-split-echo", false), ("bring-up-packed-echo", true) })
            {
                uint high = packed ? 0x5u : 0x1u; // VERSION_1 (bit 32), plus RING_PACKED (bit 34).
                var image = new SeedImage();
                if (packed)
                {
                    image.Packed(0, SeedImage.ReadBuffer, 16, 0, D.Next).Packed(1, SeedImage.WriteBuffer, 32, 0, D.Write);
                }
                else
                {
                    image.Split(0, SeedImage.ReadBuffer, 16, D.Next, 1).Split(1, SeedImage.WriteBuffer, 32, D.Write).Avail(1, 0);
                }

                var steps = new List<byte[]>
                {
                    new byte[] { MmioTarget.OpRead, 0, 0, 2 },
                    new byte[] { Status, 1 },
                    new byte[] { Status, 3 },
                    Reg(0x024, 1), Reg(0x020, high), Reg(0x024, 0), Reg(0x020, 0),
                    new byte[] { Status, 0x0B },
                    Reg(0x030, 0), Reg(0x038, 4),
                    Reg(0x080, (uint)GuestLayout.Base), Reg(0x090, (uint)GuestLayout.Base + GuestLayout.DriverOffset), Reg(0x0a0, (uint)GuestLayout.Base + GuestLayout.DeviceOffset),
                    Mem(0, image.Bytes.AsSpan(0, 32).ToArray()),
                    Mem(GuestLayout.DriverOffset, image.Bytes.AsSpan(GuestLayout.DriverOffset, 8).ToArray()),
                    Reg(0x044, 1),
                    new byte[] { Status, 0x0F },
                    new byte[] { MmioTarget.OpNotify, 0 },
                    new byte[] { MmioTarget.OpRead, 0x60, 0, 2 },
                    new byte[] { MmioTarget.OpAck, 3 },
                    new byte[] { MmioTarget.OpWrite, 0x08, 0x01, 2, 0x78, 0x56, 0x34, 0x12 },
                    new byte[] { MmioTarget.OpHostConfig, 1, 0, 0, 0 },
                    new byte[] { MmioTarget.OpRead, 0x00, 0x01, 3 },
                    new byte[] { MmioTarget.OpRead, 0xfc, 0x00, 2 },
                    new byte[] { Status, 0 },
                };
                yield return (name, Concat(steps.ToArray()));
            }

            yield return ("features-refused", Concat(new byte[] { Status, 3 }, Reg(0x020, 0xFFFF_FFFF), new byte[] { Status, 0x0B, Status, 0x0F }));
            yield return ("bad-ring-needs-reset", Concat(
                new byte[] { Status, 3 }, Reg(0x024, 1), Reg(0x020, 1), new byte[] { Status, 0x0B }, Reg(0x038, 4),
                Reg(0x080, (uint)GuestLayout.Base), Reg(0x090, (uint)GuestLayout.Base + GuestLayout.DriverOffset), Reg(0x0a0, (uint)GuestLayout.Base + GuestLayout.DeviceOffset),
                Mem(GuestLayout.DriverOffset, new byte[] { 0, 0, 1, 0, 9, 0 }), Reg(0x044, 1), new byte[] { Status, 0x0F, MmioTarget.OpNotify, 0 }));
        }

        private static byte[] Hex(string text)
        {
            string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var bytes = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                bytes[i] = Convert.ToByte(parts[i], 16);
            }

            return bytes;
        }

        private static byte[] Patch(byte[] bytes, int at, byte value)
        {
            byte[] copy = (byte[])bytes.Clone();
            copy[at] = value;
            return copy;
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var all = new List<byte>();
            foreach (byte[] part in parts)
            {
                all.AddRange(part);
            }

            return all.ToArray();
        }
    }
}
