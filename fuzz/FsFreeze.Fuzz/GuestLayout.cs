using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// The small guest address space every queue harness uses: two adjacent regions (so multi-region code paths
    /// run) starting above address 0 (so a zeroed address is outside guest memory, as a stray NULL would be).
    /// </summary>
    public static class GuestLayout
    {
        /// <summary>Guest-physical address of the first byte.</summary>
        public const ulong Base = 0x1000;

        /// <summary>Bytes of the first region: the rings and some data.</summary>
        public const int FirstRegionSize = 0xC00;

        /// <summary>Bytes of the second region, directly after the first: data and indirect tables.</summary>
        public const int SecondRegionSize = 0x400;

        /// <summary>Bytes of guest memory in all.</summary>
        public const int TotalSize = FirstRegionSize + SecondRegionSize;

        /// <summary>Largest queue size the harnesses pick: every ring of this size fits the default layout.</summary>
        public const int MaxQueueSize = 16;

        /// <summary>Default Descriptor Area offset from <see cref="Base"/> (16 x 16 bytes).</summary>
        public const ushort DescriptorOffset = 0x000;

        /// <summary>Default Driver Area offset (split available ring of 16 entries needs 38 bytes).</summary>
        public const ushort DriverOffset = 0x100;

        /// <summary>Default Device Area offset (split used ring of 16 entries needs 134 bytes).</summary>
        public const ushort DeviceOffset = 0x140;

        /// <summary>Default start of buffers and indirect tables.</summary>
        public const ushort DataOffset = 0x200;

        /// <summary>Creates the address space, its bytes taken from <paramref name="content"/> (zeroes after it).</summary>
        public static GuestMemory Create(ReadOnlySpan<byte> content)
        {
            var first = new byte[FirstRegionSize];
            var second = new byte[SecondRegionSize];
            ReadOnlySpan<byte> head = content.Slice(0, Math.Min(content.Length, FirstRegionSize));
            head.CopyTo(first);
            if (content.Length > FirstRegionSize)
            {
                ReadOnlySpan<byte> tail = content.Slice(FirstRegionSize);
                tail.Slice(0, Math.Min(tail.Length, SecondRegionSize)).CopyTo(second);
            }

            return new GuestMemory(new[]
            {
                new GuestMemoryRegion(Base, first),
                new GuestMemoryRegion(Base + FirstRegionSize, second),
            });
        }
    }
}
