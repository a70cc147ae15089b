using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Fuzz.Targets
{
    /// <summary>
    /// Target 2: the driver end's used-ring reader (<see cref="IDriverQueue.TryReclaim"/>) of both formats, via
    /// <see cref="DriverQueueFactory"/>, against a hostile device. The input is a script of operations: the driver
    /// adds chains, an honest device end (on the same memory) uses some, and the hostile device scribbles any
    /// bytes over the ring pages in between, so reclaim sees both well-formed and forged used entries.
    /// <para>Input: flags, size byte, then operations (first byte of each picks one of <see cref="OpCount"/>).</para>
    /// </summary>
    public static class DriverQueueTarget
    {
        /// <summary>Operation: add a chain (one byte of shape, one byte per buffer length).</summary>
        public const byte OpAdd = 0;

        /// <summary>Operation: the honest device pops one chain and uses it (u32 written length follows).</summary>
        public const byte OpDeviceUse = 1;

        /// <summary>Operation: the hostile device writes bytes into the ring pages (u16 offset, length byte, bytes).</summary>
        public const byte OpScribble = 2;

        /// <summary>Operation: reclaim until nothing is used or an error.</summary>
        public const byte OpReclaim = 3;

        /// <summary>Operation: toggle interrupt suppression and ask about notifications.</summary>
        public const byte OpToggle = 4;

        /// <summary>Number of operations; the op byte is taken modulo this.</summary>
        public const byte OpCount = 5;

        /// <summary>Where indirect tables live, past the data buffers.</summary>
        public const ushort IndirectOffset = 0x800;

        /// <summary>
        /// Descriptors per indirect table: 16 queue entries x 4 x 16 bytes fill 0x800..0xC00. Smaller queues get
        /// at most their size, the driver end's own limit.
        /// </summary>
        public const int IndirectEntries = 4;

        private const int MaxOperations = 512;

        /// <summary>Runs one input; throws when the driver end breaks one of its promises.</summary>
        public static void Run(byte[] data)
        {
            var input = new FuzzInput(data);
            QueueShape shape = QueueShape.Read(input);
            GuestMemory memory = GuestLayout.Create(ReadOnlySpan<byte>.Empty);
            var config = new QueueConfiguration(
                shape.Size,
                GuestLayout.Base + GuestLayout.DescriptorOffset,
                GuestLayout.Base + GuestLayout.DriverOffset,
                GuestLayout.Base + GuestLayout.DeviceOffset,
                shape.Features);
            QueueError setup = DriverQueueFactory.TryCreate(memory, config, GuestLayout.Base + IndirectOffset, Math.Min(IndirectEntries, (int)shape.Size), out IDriverQueue? driver);
            FuzzInvariantException.Check(setup == QueueError.None && driver is not null, $"the harness layout was refused: {setup}");
            QueueError deviceSetup = DeviceQueueFactory.TryCreate(memory, config, out IDeviceQueue? device);
            FuzzInvariantException.Check(deviceSetup == QueueError.None && device is not null, $"the harness layout was refused by the device end: {deviceSetup}");

            var state = new State(driver!, device!);
            for (int i = 0; i < MaxOperations && !input.IsEmpty; i++)
            {
                switch (input.ReadByte() % OpCount)
                {
                    case OpAdd:
                        state.Add(input);
                        break;
                    case OpDeviceUse:
                        state.DeviceUse(input.ReadUInt32());
                        break;
                    case OpScribble:
                        Scribble(memory, input);
                        break;
                    case OpReclaim:
                        state.Reclaim();
                        break;
                    default:
                        state.Toggle(input.ReadByte());
                        break;
                }

                state.CheckCounts();
            }

            state.Reclaim();
            state.CheckCounts();
        }

        private static void Scribble(GuestMemory memory, FuzzInput input)
        {
            // Anywhere in the ring pages: the used ring, but also what the driver wrote, which it must not re-read.
            ushort offset = (ushort)(input.ReadUInt16() % GuestLayout.DataOffset);
            Span<byte> bytes = stackalloc byte[input.ReadByte() % 17];
            input.ReadInto(bytes);
            memory.TryWrite(GuestLayout.Base + offset, bytes);
        }

        /// <summary>The harness's own record of the chains in flight, kept apart from anything in guest memory.</summary>
        private sealed class State
        {
            private readonly IDriverQueue _driver;
            private readonly IDeviceQueue _device;
            private readonly Dictionary<ulong, (int Slots, uint Writable)> _outstanding = new();
            private readonly ChainBuffer[] _storage = new ChainBuffer[64];
            private ulong _nextToken = 1;
            private bool _interrupts = true;

            public State(IDriverQueue driver, IDeviceQueue device)
            {
                _driver = driver;
                _device = device;
            }

            public void Add(FuzzInput input)
            {
                byte shape = input.ReadByte();
                int readableCount = shape % 3;
                int writableCount = (shape >> 2) % 3;
                bool indirect = (shape & 0x10) != 0;
                Span<BufferSpec> buffers = stackalloc BufferSpec[readableCount + writableCount];
                uint writable = 0;
                for (int i = 0; i < buffers.Length; i++)
                {
                    // Lengths 1..256 (0 kept reachable through 0x20 to test the refusal of empty buffers).
                    uint length = (shape & 0x20) != 0 && i == 0 ? 0u : input.ReadByte() + 1u;
                    buffers[i] = new BufferSpec(GuestLayout.Base + GuestLayout.DataOffset + ((ulong)i * 0x100), length);
                    if (i >= readableCount)
                    {
                        writable += length;
                    }
                }

                int freeBefore = _driver.FreeCount;
                int inFlightBefore = _driver.InFlightCount;
                ulong token = _nextToken++;
                QueueError added = _driver.TryAdd(buffers.Slice(0, readableCount), buffers.Slice(readableCount), token, indirect, out ushort id);
                if (added != QueueError.None)
                {
                    FuzzInvariantException.Check(_driver.FreeCount == freeBefore && _driver.InFlightCount == inFlightBefore, $"a refused add ({added}) changed the counts");
                    return;
                }

                FuzzInvariantException.Check(id < _driver.Size, $"added chain got id {id} of {_driver.Size}");
                FuzzInvariantException.Check(_driver.InFlightCount == inFlightBefore + 1, "an add did not count one more chain in flight");
                _outstanding.Add(token, (freeBefore - _driver.FreeCount, writable));
                _driver.NeedsNotification();
            }

            public void DeviceUse(uint length)
            {
                // The honest device is only a source of well-formed used entries; scribbles may break it, which is
                // its own business (target 1 fuzzes it).
                if (_device.TryPop(_storage, out DescriptorChain chain, out _))
                {
                    _device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), length % (chain.WritableLength + 1));
                    _device.NeedsInterrupt();
                }
            }

            public void Reclaim()
            {
                for (int i = 0; i <= _driver.Size + 1; i++)
                {
                    _driver.HasUsed();
                    bool got = _driver.TryReclaim(out UsedBuffer used, out QueueError error);
                    if (got || error == QueueError.UsedLengthTooLarge)
                    {
                        // Both mean the chain came back: once, with the token it was added with.
                        FuzzInvariantException.Check(_outstanding.TryGetValue(used.Token, out (int Slots, uint Writable) chain), $"token {used.Token} returned but not in flight (twice, or never added)");
                        FuzzInvariantException.Check(used.Length <= chain.Writable, $"used length {used.Length} beyond the writable {chain.Writable}");
                        FuzzInvariantException.Check(got || used.Length == 0, "a refused length was passed on");
                        _outstanding.Remove(used.Token);
                        CheckCounts();
                        continue;
                    }

                    CheckCounts();
                    if (error == QueueError.None)
                    {
                        return;
                    }
                }
            }

            public void Toggle(byte how)
            {
                _interrupts = !_interrupts;
                if (_interrupts)
                {
                    _driver.EnableInterrupts();
                }
                else
                {
                    _driver.DisableInterrupts();
                }

                if ((how & 1) != 0)
                {
                    _device.EnableNotifications();
                }
            }

            public void CheckCounts()
            {
                int size = _driver.Size;
                FuzzInvariantException.Check(_driver.FreeCount >= 0 && _driver.FreeCount <= size, $"FreeCount {_driver.FreeCount} outside 0..{size}");
                FuzzInvariantException.Check(_driver.InFlightCount >= 0 && _driver.InFlightCount <= size, $"InFlightCount {_driver.InFlightCount} outside 0..{size}");
                FuzzInvariantException.Check(_driver.InFlightCount == _outstanding.Count, $"InFlightCount {_driver.InFlightCount} but {_outstanding.Count} chains not returned");
                int held = 0;
                foreach ((int slots, uint _) in _outstanding.Values)
                {
                    held += slots;
                }

                FuzzInvariantException.Check(_driver.FreeCount == size - held, $"FreeCount {_driver.FreeCount} but chains in flight hold {held} of {size}");
            }
        }
    }
}
