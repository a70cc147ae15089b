using System;
using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings
{
    /// <summary>
    /// Runs a sequence of driver and device operations on one virtqueue of an implementation and checks it,
    /// step by step, against a model that is just lists: chains available, chains held by the device, completions
    /// in the order the device used them. Each operation is one 32-bit word, so FsCheck's shrinker shrinks a
    /// failing sequence toward a short one of simple operations.
    /// </summary>
    public sealed class RingModelRun
    {
        private const int BufferSlotSize = 1024;
        private const int BufferSlots = 4096;

        private readonly RingHarness _harness;
        private readonly bool _eventIdx;
        private readonly bool _indirect;
        private readonly Queue<Chain> _available = new();
        private readonly List<(ChainToken Token, Chain Chain)> _held = new();
        private readonly Queue<(Chain Chain, uint Length)> _used = new();
        private readonly Stack<int> _freeSlots = new();
        private readonly ChainBuffer[] _storage;
        private ulong _nextToken = 1;
        private bool _deviceArmed = true;
        private int _addsSinceArmed;
        private bool _driverArmed = true;
        private bool _interruptsDisabled;
        private int _pushesSinceArmed;

        /// <summary>Lays out a queue of <paramref name="size"/> with <paramref name="features"/>.</summary>
        public RingModelRun(IVirtqueueImplementation implementation, ushort size, ulong features)
        {
            _harness = new RingHarness(implementation, size, features);
            _eventIdx = VirtioFeatureBit.IsSet(features, VirtioFeatureBit.EventIdx);
            _indirect = VirtioFeatureBit.IsSet(features, VirtioFeatureBit.IndirectDesc);
            _storage = new ChainBuffer[size];
            for (int i = BufferSlots - 1; i >= 0; i--)
            {
                _freeSlots.Push(i);
            }
        }

        /// <summary>Completions the driver reclaimed, in order: (token, length).</summary>
        public List<(ulong Token, uint Length)> Completions { get; } = new();

        /// <summary>Chains the device popped, in order: (token, buffers as text).</summary>
        public List<string> Pops { get; } = new();

        /// <summary>Applies one encoded operation.</summary>
        public void Apply(uint op)
        {
            switch (op % 11)
            {
                case 0:
                case 1:
                case 2:
                    Add((int)(op / 11 % 4), (int)(op / 44 % 4), _indirect && op / 176 % 3 == 0);
                    break;
                case 3:
                case 4:
                    Pop();
                    break;
                case 5:
                case 6:
                    Push((int)(op / 11), (int)(op / 1000 % 5));
                    break;
                case 7:
                case 8:
                    Reclaim();
                    break;
                case 9:
                    ToggleDeviceNotifications(op / 11 % 2 == 0);
                    break;
                default:
                    ToggleDriverInterrupts(op / 11 % 2 == 0);
                    break;
            }
        }

        /// <summary>Pops, uses and reclaims everything still in flight, then checks nothing leaked.</summary>
        public void Drain()
        {
            while (_available.Count > 0)
            {
                Pop();
            }

            while (_held.Count > 0)
            {
                Push(0, 4);
            }

            while (_used.Count > 0)
            {
                Reclaim();
            }

            Assert.Multiple(() =>
            {
                Assert.That(_harness.Driver.InFlightCount, Is.Zero, "driver in flight after drain");
                Assert.That(_harness.Device.InFlightCount, Is.Zero, "device in flight after drain");
                Assert.That(_harness.Driver.FreeCount, Is.EqualTo(_harness.Config.Size), "descriptors leaked");
                Assert.That(_harness.Driver.HasUsed(), Is.False);
                Assert.That(_harness.Device.HasAvailable(), Is.False);
                Assert.That(_harness.Device.Error, Is.EqualTo(QueueError.None));
            });
        }

        private void Add(int readable, int writable, bool indirect)
        {
            if (readable + writable == 0)
            {
                writable = 1;
            }

            int total = readable + writable;
            if (indirect && total > Math.Min(RingHarness.IndirectEntries, (int)_harness.Config.Size))
            {
                indirect = false;
            }

            var chain = new Chain(_nextToken++, readable, writable);
            for (int i = 0; i < total; i++)
            {
                int slot = _freeSlots.Pop();
                chain.Slots[i] = slot;
                chain.Buffers[i] = new BufferSpec(RingHarness.Buffer(0) + ((ulong)slot * BufferSlotSize), (uint)(16 + ((chain.Token + (ulong)i) % 64)));
                FillPattern(chain.Buffers[i], chain.Token, i < readable);
            }

            int free = _harness.Driver.FreeCount;
            QueueError error = _harness.Driver.TryAdd(chain.Buffers.AsSpan(0, readable), chain.Buffers.AsSpan(readable), chain.Token, indirect, out _);
            bool fits = free >= (indirect ? 1 : total) && (indirect || total <= _harness.Config.Size);

            if (error != QueueError.None)
            {
                Assert.That(fits, Is.False, $"add refused with {error} although {free} descriptors were free for {total}");
                ReleaseSlots(chain);
                return;
            }

            _available.Enqueue(chain);
            if (_deviceArmed)
            {
                _addsSinceArmed++;
            }

            bool notify = _harness.Driver.NeedsNotification();
            if (_deviceArmed && _addsSinceArmed > 0)
            {
                // FF-RING-17/18/24: a device that asked for notifications and saw nothing since gets one.
                Assert.That(notify, Is.True, "the device asked for available-buffer notifications and got none");
                if (_eventIdx)
                {
                    _deviceArmed = false;
                }

                _addsSinceArmed = 0;
            }
            else if (!_eventIdx && !_deviceArmed)
            {
                Assert.That(notify, Is.False, "the device suppressed notifications (NO_NOTIFY/DISABLE) but was notified");
            }
        }

        private void Pop()
        {
            bool popped = _harness.Device.TryPop(_storage, out DescriptorChain chain, out QueueError error);
            Assert.That(error, Is.EqualTo(QueueError.None));
            if (_available.Count == 0)
            {
                Assert.That(popped, Is.False, "popped a chain nobody made available");
                return;
            }

            Assert.That(popped, Is.True, "a chain was available but not popped");
            Chain expected = _available.Dequeue();
            var buffers = new ChainBuffer[chain.Buffers.Length];
            chain.Buffers.CopyTo(buffers);
            var expectedBuffers = new ChainBuffer[expected.Buffers.Length];
            for (int i = 0; i < expectedBuffers.Length; i++)
            {
                expectedBuffers[i] = new ChainBuffer(expected.Buffers[i].Address, expected.Buffers[i].Length, i >= expected.Readable);
            }

            int readableCount = chain.ReadableCount;
            Assert.Multiple(() =>
            {
                Assert.That(buffers, Is.EqualTo(expectedBuffers), "chains come out as they went in, in order");
                Assert.That(readableCount, Is.EqualTo(expected.Readable));
            });
            Pops.Add($"{expected.Token}:{string.Join(",", buffers)}");
            _held.Add((new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), expected));
        }

        private void Push(int pick, int quarters)
        {
            if (_held.Count == 0)
            {
                return;
            }

            int index = pick % _held.Count;
            (ChainToken token, Chain chain) = _held[index];
            _held.RemoveAt(index);
            uint length = (uint)((ulong)token.WritableLength * (ulong)quarters / 4);
            WriteResult(chain, length);
            Assert.That(_harness.Device.PushUsed(token, length), Is.EqualTo(QueueError.None));
            _used.Enqueue((chain, length));
            if (_driverArmed)
            {
                _pushesSinceArmed++;
            }

            bool interrupt = _harness.Device.NeedsInterrupt();
            if (_driverArmed && _pushesSinceArmed > 0)
            {
                Assert.That(interrupt, Is.True, "the driver asked for used-buffer notifications and got none");
                if (_eventIdx)
                {
                    _driverArmed = false;
                }

                _pushesSinceArmed = 0;
            }
            else if (!_eventIdx && !_driverArmed && _interruptsDisabled)
            {
                Assert.That(interrupt, Is.False, "the driver suppressed interrupts (NO_INTERRUPT/DISABLE) but got one");
            }
        }

        private void Reclaim()
        {
            bool reclaimed = _harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error);
            Assert.That(error, Is.EqualTo(QueueError.None));
            if (_used.Count == 0)
            {
                Assert.That(reclaimed, Is.False, "reclaimed a completion the device never made");
                return;
            }

            Assert.That(reclaimed, Is.True, "a completion was pending but not reclaimed");
            (Chain chain, uint length) = _used.Dequeue();
            Assert.Multiple(() =>
            {
                Assert.That(used.Token, Is.EqualTo(chain.Token), "completions come back in the order the device used them");
                Assert.That(used.Length, Is.EqualTo(length));
            });
            CheckBuffers(chain, length);
            Completions.Add((used.Token, used.Length));
            ReleaseSlots(chain);
        }

        private void ToggleDeviceNotifications(bool enable)
        {
            if (enable)
            {
                bool pending = _harness.Device.EnableNotifications();
                Assert.That(pending, Is.EqualTo(_available.Count > 0), "EnableNotifications reports chains already available");
                _deviceArmed = !pending || !_eventIdx;
                _addsSinceArmed = 0;
            }
            else
            {
                _harness.Device.DisableNotifications();
                _deviceArmed = false;
            }
        }

        private void ToggleDriverInterrupts(bool enable)
        {
            if (enable)
            {
                bool pending = _harness.Driver.EnableInterrupts();
                Assert.That(pending, Is.EqualTo(_used.Count > 0), "EnableInterrupts reports completions already pending");
                _driverArmed = !pending;
                _interruptsDisabled = false;
                _pushesSinceArmed = 0;
            }
            else
            {
                _harness.Driver.DisableInterrupts();
                _driverArmed = false;
                _interruptsDisabled = true;
            }
        }

        private void FillPattern(BufferSpec buffer, ulong token, bool readable)
        {
            var bytes = new byte[buffer.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(readable ? token + (ulong)i : 0xEE);
            }

            Assert.That(_harness.Memory.TryWrite(buffer.Address, bytes), Is.True);
        }

        private void WriteResult(Chain chain, uint length)
        {
            // The device writes length bytes across the writable buffers, in order (FF-RING-15).
            uint remaining = length;
            for (int i = chain.Readable; i < chain.Buffers.Length && remaining > 0; i++)
            {
                uint chunk = Math.Min(remaining, chain.Buffers[i].Length);
                var bytes = new byte[chunk];
                bytes.AsSpan().Fill((byte)(0x40 + (chain.Token % 64)));
                Assert.That(_harness.Memory.TryWrite(chain.Buffers[i].Address, bytes), Is.True);
                remaining -= chunk;
            }
        }

        private void CheckBuffers(Chain chain, uint length)
        {
            uint written = 0;
            for (int i = 0; i < chain.Buffers.Length; i++)
            {
                BufferSpec buffer = chain.Buffers[i];
                var bytes = new byte[buffer.Length];
                Assert.That(_harness.Memory.TryRead(buffer.Address, bytes), Is.True);
                for (int b = 0; b < bytes.Length; b++)
                {
                    byte expected;
                    if (i < chain.Readable)
                    {
                        expected = (byte)(chain.Token + (ulong)b);
                    }
                    else
                    {
                        expected = written < length ? (byte)(0x40 + (chain.Token % 64)) : (byte)0xEE;
                        written++;
                    }

                    if (bytes[b] != expected)
                    {
                        Assert.Fail($"chain {chain.Token} buffer {i} byte {b}: 0x{bytes[b]:x2}, expected 0x{expected:x2} (a readable buffer was written, or data was lost)");
                    }
                }
            }
        }

        private void ReleaseSlots(Chain chain)
        {
            foreach (int slot in chain.Slots)
            {
                _freeSlots.Push(slot);
            }
        }

        private sealed class Chain
        {
            public Chain(ulong token, int readable, int writable)
            {
                Token = token;
                Readable = readable;
                Buffers = new BufferSpec[readable + writable];
                Slots = new int[readable + writable];
            }

            public ulong Token { get; }

            public int Readable { get; }

            public BufferSpec[] Buffers { get; }

            public int[] Slots { get; }
        }
    }
}
