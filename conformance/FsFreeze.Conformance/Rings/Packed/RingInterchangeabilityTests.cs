using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings.Packed
{
    /// <summary>
    /// FF-RING-26: the split and the packed ring of the implementation under test, driven through the same sequence
    /// of adds, pops, uses and reclaims, give the same chains, completions and buffer contents.
    /// </summary>
    public sealed class RingInterchangeabilityTests
    {
        /// <summary>
        /// An echo device over several laps of a Queue Size 4 ring (direct and indirect chains, out-of-order use)
        /// produces identical transcripts on both ring formats.
        /// </summary>
        [Test]
        [Requirement("FF-RING-26")]
        public void SplitAndPackedGiveTheSameTranscript()
        {
            List<IVirtqueueImplementation> implementations = Implementations.Virtqueues().ToList();
            IVirtqueueImplementation? split = implementations.Find(implementation => !implementation.IsPacked);
            IVirtqueueImplementation? packed = implementations.Find(implementation => implementation.IsPacked);
            if (split is null || packed is null)
            {
                Assert.Ignore("The implementation under test does not offer both ring formats.");
            }

            List<string> splitTranscript = Run(split!);
            List<string> packedTranscript = Run(packed!);
            Assert.That(packedTranscript, Is.EqualTo(splitTranscript));
            Assert.That(splitTranscript, Has.Count.GreaterThan(20));
            Assert.That(splitTranscript.Where(line => !line.StartsWith("pop", StringComparison.Ordinal)), Has.All.EndsWith("None"), "every step succeeded");
        }

        private static List<string> Run(IVirtqueueImplementation implementation)
        {
            var harness = new RingHarness(implementation, 4, VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc));
            var transcript = new List<string>();
            var held = new List<(ChainToken Token, ChainBuffer[] Buffers)>();
            for (int round = 0; round < 12; round++)
            {
                // Two chains per round: the first direct with two readable buffers, the second indirect.
                for (int k = 0; k < 2; k++)
                {
                    int n = (round * 2) + k;
                    byte[] payload = { (byte)n, (byte)(n * 3), (byte)(n * 7) };
                    Assert.That(harness.Memory.TryWrite(RingHarness.Buffer(n % 64), payload), Is.True);
                    BufferSpec[] readable = k == 0
                        ? new[] { new BufferSpec(RingHarness.Buffer(n % 64), 2), new BufferSpec(RingHarness.Buffer(n % 64) + 2, 1) }
                        : new[] { new BufferSpec(RingHarness.Buffer(n % 64), 3) };
                    BufferSpec[] writable = { new(RingHarness.Buffer(64 + (n % 64)), 16) };
                    QueueError added = harness.Driver.TryAdd(readable, writable, (ulong)n, k == 1, out _);
                    transcript.Add($"add {n}: {added}");
                }

                while (harness.Device.HasAvailable())
                {
                    ChainToken token = harness.PopOne(out ChainBuffer[] buffers);
                    held.Add((token, buffers));
                    transcript.Add($"pop: {string.Join(",", buffers.Select(buffer => buffer.ToString()))}");
                }

                // Use the newest first, so completions come back out of order.
                for (int i = held.Count - 1; i >= 0; i--)
                {
                    (ChainToken token, ChainBuffer[] buffers) = held[i];
                    uint written = Echo(harness, buffers);
                    transcript.Add($"push {written}: {harness.Device.PushUsed(token, written)}");
                }

                held.Clear();
                while (harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error) || error != QueueError.None)
                {
                    byte[] echoed = new byte[used.Length];
                    Assert.That(harness.Memory.TryRead(RingHarness.Buffer(64 + ((int)used.Token % 64)), echoed), Is.True);
                    transcript.Add($"reclaim {used.Token} {used.Length} {Convert.ToHexString(echoed)} {error}");
                }
            }

            return transcript;
        }

        private static uint Echo(RingHarness harness, ChainBuffer[] buffers)
        {
            var data = new List<byte>();
            foreach (ChainBuffer buffer in buffers.Where(buffer => !buffer.IsWritable))
            {
                byte[] bytes = new byte[buffer.Length];
                Assert.That(harness.Memory.TryRead(buffer.Address, bytes), Is.True);
                data.AddRange(bytes);
            }

            ChainBuffer target = buffers.First(buffer => buffer.IsWritable);
            Assert.That(harness.Memory.TryWrite(target.Address, data.ToArray()), Is.True);
            return (uint)data.Count;
        }
    }
}
