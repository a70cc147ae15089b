using System;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>Wrap counters and slot accounting over many laps of rings whose size is not a power of two.</summary>
    public sealed class PackedLapTests
    {
        [TestCase((ushort)1)]
        [TestCase((ushort)3)]
        [TestCase((ushort)5)]
        [TestCase((ushort)7)]
        [TestCase((ushort)255)]
        public void ManyLaps_KeepBothEndsInStep(ushort size)
        {
            var pair = new PackedPair(size);
            int laps = 0;
            int slotsUsed = 0;
            var tokens = new ChainToken[size];
            for (int round = 0; laps < 5; round++)
            {
                // Fill the ring with chains of 1 to 3 descriptors, then use them newest first.
                int held = 0;
                int length = 1 + (round % 3);
                while (pair.Driver.FreeCount >= Math.Min(length, (int)size))
                {
                    int count = Math.Min(length, (int)size);
                    QueueError added = pair.Driver.TryAdd(PackedPair.Buffers(0, count - 1, 8), PackedPair.Buffers(count, 1, 64), (ulong)((round * 1000) + held), false, out _);
                    Assert.That(added, Is.EqualTo(QueueError.None));
                    Assert.That(pair.Driver.NeedsNotification(), Is.True, "ENABLE asks for every notification");
                    tokens[held++] = pair.Pop();
                    slotsUsed += count;
                }

                Assert.That(pair.Device.HasAvailable(), Is.False);
                for (int i = held - 1; i >= 0; i--)
                {
                    Assert.That(pair.Device.PushUsed(tokens[i], (uint)(i % 64)), Is.EqualTo(QueueError.None));
                }

                for (int i = held - 1; i >= 0; i--)
                {
                    Assert.That(pair.Driver.TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
                    Assert.That((used.Id, used.Length, used.Token), Is.EqualTo((tokens[i].Id, (uint)(i % 64), (ulong)((round * 1000) + i))));
                }

                Assert.That(pair.Driver.TryReclaim(out _, out QueueError none), Is.False);
                Assert.That(none, Is.EqualTo(QueueError.None));
                laps = slotsUsed / size;
                bool expectedWrap = laps % 2 == 0;
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(pair.Driver.NextAvailOffset, Is.EqualTo(slotsUsed % size));
                    Assert.That(pair.Device.NextAvailOffset, Is.EqualTo(slotsUsed % size));
                    Assert.That(pair.Device.NextUsedOffset, Is.EqualTo(slotsUsed % size));
                    Assert.That(pair.Driver.LastUsedOffset, Is.EqualTo(slotsUsed % size));
                    Assert.That(pair.Driver.AvailWrapCounter, Is.EqualTo(expectedWrap));
                    Assert.That(pair.Device.AvailWrapCounter, Is.EqualTo(expectedWrap));
                    Assert.That(pair.Device.UsedWrapCounter, Is.EqualTo(expectedWrap));
                    Assert.That(pair.Driver.UsedWrapCounter, Is.EqualTo(expectedWrap));
                    Assert.That(pair.Driver.FreeCount, Is.EqualTo((int)size));
                    Assert.That(pair.Device.InFlightCount, Is.Zero);
                }
            }
        }

        [Test]
        public void ChainCrossingTheRingEnd_IsTakenWholeAndTogglesTheCounter()
        {
            var pair = new PackedPair(5);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 3, 8), default, 1, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryReclaim(out _, out _), Is.True);

            // Slots 3, 4 (lap 1) and 0 (lap 2).
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 8), PackedPair.Buffers(2, 1, 32), 2, false, out ushort id), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(chain.Id, Is.EqualTo(id));
                Assert.That(chain.DescriptorCount, Is.EqualTo(3));
                Assert.That(chain.ReadableCount, Is.EqualTo(2));
                Assert.That(chain.WritableLength, Is.EqualTo(32u));
                Assert.That(pair.DescriptorFlags(0), Is.EqualTo((ushort)(DescriptorFlags.Used | DescriptorFlags.Write)), "slot 0 written in lap 2");
                Assert.That(pair.Device.AvailWrapCounter, Is.False);
                Assert.That(pair.Device.NextAvailOffset, Is.EqualTo(1));
            }
        }

        [Property(MaxTest = 60)]
        public Property RandomChainLengths_RoundTripOverManyLaps(PositiveInt sizeSeed, NonEmptyArray<PositiveInt> lengths)
        {
            ushort size = (ushort)(1 + (sizeSeed.Get % 40));
            var pair = new PackedPair(size);
            var tokens = new ChainToken[size];
            int held = 0;
            bool ok = true;
            for (int round = 0; round < 4 * size && ok; round++)
            {
                int count = 1 + (lengths.Get[round % lengths.Get.Length].Get % size);
                if (pair.Driver.FreeCount < count)
                {
                    // Use the oldest held chain first, then reclaim everything.
                    for (int i = 0; i < held; i++)
                    {
                        ok &= pair.Device.PushUsed(tokens[i], 1) == QueueError.None;
                    }

                    for (int i = 0; i < held; i++)
                    {
                        ok &= pair.Driver.TryReclaim(out UsedBuffer used, out _) && used.Id == tokens[i].Id && used.Length == 1;
                    }

                    held = 0;
                }

                ok &= pair.Driver.TryAdd(PackedPair.Buffers(0, count - 1, 4), PackedPair.Buffers(count, 1, 4), (ulong)round, false, out ushort id) == QueueError.None;
                ChainToken token = pair.Pop();
                ok &= token.Id == id && token.DescriptorCount == count;
                tokens[held++] = token;
            }

            return (ok && pair.Device.Error == QueueError.None && pair.Driver.Error == QueueError.None).Label($"size {size}");
        }
    }
}
