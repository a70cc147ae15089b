using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    public sealed class PackedIndirectTests
    {
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        [Test]
        public void IndirectChain_TakesOneSlotAndRoundTrips()
        {
            var pair = new PackedPair(5, Indirect);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 10), PackedPair.Buffers(2, 3, 20), 42, true, out ushort id), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Driver.FreeCount, Is.EqualTo(4), "one slot for the whole table");
                Assert.That(chain.Id, Is.EqualTo(id));
                Assert.That(chain.DescriptorCount, Is.EqualTo(1));
                Assert.That(chain.Buffers.Length, Is.EqualTo(5));
                Assert.That(chain.ReadableLength, Is.EqualTo(20u));
                Assert.That(chain.WritableLength, Is.EqualTo(60u));
                Assert.That(chain.Buffers[3].Address, Is.EqualTo(PackedPair.Buffer(3)));
            }

            Assert.That(pair.Device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 60), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That((used.Id, used.Length, used.Token), Is.EqualTo((id, 60u, 42UL)));
        }

        [Test]
        public void IndirectTable_HoldsOnlyWriteFlagsAtTheBufferIdsPlace()
        {
            var pair = new PackedPair(4, Indirect);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 10), PackedPair.Buffers(1, 1, 20), 0, true, out ushort id), Is.EqualTo(QueueError.None));
            ulong table = PackedPair.IndirectArea + ((ulong)id * 4 * 16); // 4 entries per Buffer ID for Queue Size 4
            Span<byte> ring = pair.Memory.Regions[0].Backing.Span;
            Assert.That(pair.Memory.TryGetSpan(table, 32, out Span<byte> entries), Is.True);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RingAccess.ReadUInt64(ring, 16), Is.EqualTo(table), "slot 1 points at the table");
                Assert.That(RingAccess.ReadUInt32(ring, 16 + 8), Is.EqualTo(32u));
                Assert.That(RingAccess.ReadUInt16(ring, 16 + 12), Is.EqualTo(id));
                Assert.That(pair.DescriptorFlags(1), Is.EqualTo((ushort)(DescriptorFlags.Indirect | DescriptorFlags.Avail)));
                Assert.That(RingAccess.ReadUInt16(entries, 14), Is.Zero, "readable entry: no flags, no NEXT");
                Assert.That(RingAccess.ReadUInt16(entries, 16 + 14), Is.EqualTo((ushort)DescriptorFlags.Write));
            }
        }

        [Test]
        public void IndirectRequest_IsRefusedWhenNotNegotiated()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 10), default, 0, true, out _), Is.EqualTo(QueueError.InvalidChain));
        }

        [Test]
        public void WriteOnThePointerDescriptor_IsIgnored()
        {
            var pair = new PackedPair(4, Indirect);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 10), default, 0, true, out _), Is.EqualTo(QueueError.None));
            Span<byte> ring = pair.Memory.Regions[0].Backing.Span;
            RingAccess.WriteUInt16(ring, 14, (ushort)(pair.DescriptorFlags(0) | (ushort)DescriptorFlags.Write));
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            Assert.That(chain.ReadableCount, Is.EqualTo(1));
        }
    
        [Test]
        [Category("FF-RING-25")]
        [Category("FF-RING-10")]
        public void IndirectInsideANextChainWithoutTheFeature_IsIndirectNotNegotiated()
        {
            // As the split ring answers it: the missing feature is the first rule broken, whatever the position.
            var pair = new PackedPair(4);
            pair.WriteDescriptor(1, PackedPair.IndirectArea, 16, 0, DescriptorFlags.Indirect | DescriptorFlags.Avail);
            pair.WriteDescriptor(0, PackedPair.Buffer(0), 8, 0, DescriptorFlags.Next | DescriptorFlags.Avail);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.IndirectNotNegotiated));
        }
    
        [Test]
        [Category("FF-RING-23")]
        public void TableEntries_AreWrittenWhole_OverStaleMemory()
        {
            // The Buffer ID lives in the ring descriptor only; each table entry gets id 0, never what an earlier
            // use of the area left there (bit-exact driver output).
            var pair = new PackedPair(4, Indirect, (memory, _) =>
            {
                Assert.That(memory.TryGetSpan(PackedPair.IndirectArea, 4 * 4 * 16, out Span<byte> area), Is.True);
                area.Fill(0xff);
            });
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 10), PackedPair.Buffers(1, 1, 20), 0, true, out ushort id), Is.EqualTo(QueueError.None));
            ulong table = PackedPair.IndirectArea + ((ulong)id * 4 * 16);
            Assert.That(pair.Memory.TryGetSpan(table, 32, out Span<byte> entries), Is.True);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RingAccess.ReadUInt64(entries, 0), Is.EqualTo(PackedPair.Buffer(0)));
                Assert.That(RingAccess.ReadUInt32(entries, 8), Is.EqualTo(10u));
                Assert.That(RingAccess.ReadUInt16(entries, 12), Is.Zero, "entry 0 id");
                Assert.That(RingAccess.ReadUInt16(entries, 16 + 12), Is.Zero, "entry 1 id");
            }
        }
    }
}
