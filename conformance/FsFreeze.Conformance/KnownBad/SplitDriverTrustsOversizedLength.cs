using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-16: the split driver end trusts a used element whose len exceeds the chain's writable space
    /// and hands that len to its caller instead of refusing the element.
    /// </summary>
    public sealed class SplitDriverTrustsOversizedLength : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitDriverTrustsOversizedLength()
            : base("bad-split-driver-trusts-oversized-len")
        {
        }

        /// <inheritdoc />
        protected override IDriverQueue WrapDriver(IDriverQueue inner, GuestMemory memory, QueueConfiguration config) =>
            new DriverEnd(inner, new SplitRingView(memory, config));

        private sealed class DriverEnd : DriverQueueDecorator
        {
            private readonly SplitRingView _ring;
            private readonly Dictionary<ushort, uint> _writable = new();
            private ushort _lastUsed;

            public DriverEnd(IDriverQueue inner, SplitRingView ring)
                : base(inner) => _ring = ring;

            public override QueueError TryAdd(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ulong token, bool useIndirect, out ushort id)
            {
                QueueError error = Inner.TryAdd(readable, writable, token, useIndirect, out id);
                if (error == QueueError.None)
                {
                    uint total = 0;
                    foreach (BufferSpec buffer in writable)
                    {
                        total += buffer.Length;
                    }

                    _writable[id] = total;
                }

                return error;
            }

            public override bool TryReclaim(out UsedBuffer used, out QueueError error)
            {
                uint? oversized = null;
                if (_ring.UsedIdx != _lastUsed)
                {
                    ulong element = _ring.UsedElement(_lastUsed);
                    uint id = _ring.Read32(element);
                    uint length = _ring.Read32(element + 4);
                    if (id <= ushort.MaxValue && _writable.TryGetValue((ushort)id, out uint space) && length > space)
                    {
                        // The bug: clip the element so the reference takes it, then report the len as written.
                        oversized = length;
                        _ring.Write32(element + 4, space);
                    }
                }

                bool reclaimed = Inner.TryReclaim(out used, out error);
                if (reclaimed || error != QueueError.None)
                {
                    _lastUsed++;
                }

                if (reclaimed && oversized is uint trusted)
                {
                    used = new UsedBuffer(used.Id, trusted, used.Token);
                }

                return reclaimed;
            }
        }
    }
}
