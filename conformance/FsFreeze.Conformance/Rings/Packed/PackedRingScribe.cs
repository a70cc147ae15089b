using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings.Packed
{
    /// <summary>
    /// Writes packed descriptors straight into a harness's guest memory, byte by byte as virtio 1.4 "Packed
    /// Virtqueues" lays them out (+0 addr, +8 len, +12 id, +14 flags), so tests can play a driver or a device
    /// that breaks the rules. It deliberately uses no code of the implementation under test.
    /// </summary>
    internal static class PackedRingScribe
    {
        /// <summary>AVAIL, bit 7.</summary>
        public const ushort Avail = 1 << 7;

        /// <summary>USED, bit 15.</summary>
        public const ushort Used = 1 << 15;

        /// <summary>The packed implementations of the selected IUT (test case source).</summary>
        public static IEnumerable<IVirtqueueImplementation> PackedImplementations() =>
            Implementations.Virtqueues().Where(implementation => implementation.IsPacked);

        /// <summary>Writes descriptor <paramref name="slot"/> of the ring as a driver would make it available in lap <paramref name="wrap"/>.</summary>
        public static void WriteAvailable(GuestMemory memory, int slot, ulong address, uint length, ushort id, DescriptorFlags flags, bool wrap = true) =>
            WriteRaw(memory, RingHarness.DescriptorArea, slot, address, length, id, (ushort)((ushort)flags | (wrap ? Avail : Used)));

        /// <summary>Writes descriptor <paramref name="slot"/> of the ring as a device would mark it used with wrap counter <paramref name="wrap"/>.</summary>
        public static void WriteUsed(GuestMemory memory, int slot, ushort id, uint length, bool writeFlag = true, bool wrap = true) =>
            WriteRaw(memory, RingHarness.DescriptorArea, slot, 0, length, id, (ushort)((wrap ? Avail | Used : 0) | (writeFlag ? (ushort)DescriptorFlags.Write : 0)));

        /// <summary>Writes entry <paramref name="index"/> of an indirect table at <paramref name="table"/>.</summary>
        public static void WriteTableEntry(GuestMemory memory, ulong table, int index, ulong address, uint length, DescriptorFlags flags) =>
            WriteRaw(memory, table, index, address, length, 0, (ushort)flags);

        /// <summary>Reads the raw 16 bytes of descriptor <paramref name="slot"/>.</summary>
        public static (ulong Address, uint Length, ushort Id, ushort Flags) Read(GuestMemory memory, int slot)
        {
            Span<byte> bytes = stackalloc byte[16];
            Assert.That(memory.TryRead(RingHarness.DescriptorArea + (ulong)(16 * slot), bytes), Is.True);
            return (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(8)),
                BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(12)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(14)));
        }

        /// <summary>Reads an event suppression structure: (off_wrap, flags).</summary>
        public static (ushort OffWrap, ushort Flags) ReadEvent(GuestMemory memory, ulong area)
        {
            Span<byte> bytes = stackalloc byte[4];
            Assert.That(memory.TryRead(area, bytes), Is.True);
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2)));
        }

        /// <summary>Writes an event suppression structure.</summary>
        public static void WriteEvent(GuestMemory memory, ulong area, ushort offWrap, ushort flags)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, offWrap);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(2), flags);
            Assert.That(memory.TryWrite(area, bytes), Is.True);
        }

        /// <summary>Asserts that the device end refuses the next pop with <paramref name="expected"/> and stays latched.</summary>
        public static void AssertLatched(RingHarness harness, QueueError expected)
        {
            QueueError first = harness.TryPopError(out bool popped);
            QueueError second = harness.TryPopError(out bool poppedAgain);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(popped, Is.False, "malformed chain popped");
                Assert.That(first, Is.EqualTo(expected), "error of the malformed pop");
                Assert.That(harness.Device.Error, Is.EqualTo(expected), "latched error");
                Assert.That(poppedAgain, Is.False, "pop after the error");
                Assert.That(second, Is.EqualTo(expected), "error of the pop after the error");
                Assert.That(harness.Device.HasAvailable(), Is.False, "a broken queue offers nothing");
            }
        }

        private static void WriteRaw(GuestMemory memory, ulong table, int index, ulong address, uint length, ushort id, ushort flags)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, address);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(8), length);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(12), id);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(14), flags);
            Assert.That(memory.TryWrite(table + (ulong)(16 * index), bytes), Is.True);
        }
    }
}
