using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Memory
{
    /// <summary>
    /// A field outside its area is a bug in the ring code, not guest input: <see cref="RingAccess"/> throws as a span
    /// slice would, instead of touching memory past the area.
    /// </summary>
    public sealed class RingAccessBoundsTests
    {
        [Test]
        public void FieldCrossingTheEndOfTheArea_Throws()
        {
            byte[] area = new byte[8];

            Assert.That(() => RingAccess.ReadUInt16(area, 7), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => RingAccess.WriteUInt32(area, 5, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => RingAccess.ReadUInt64(area, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => RingAccess.ReadUInt16Acquire(area, -2), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(area, Is.All.Zero);
            Assert.That(RingAccess.ReadUInt64(area, 0), Is.Zero, "the last field that fits");
        }
    }
}
