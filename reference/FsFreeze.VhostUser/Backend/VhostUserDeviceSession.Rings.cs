using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;
using FsFreeze.VhostUser.Memory;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>Memory table, ring setup, start and stop, and call notifications.</summary>
    public sealed partial class VhostUserDeviceSession
    {
        /// <summary>A guest-physical address no region holds, given for a ring address that translates to nothing.</summary>
        private const ulong Untranslatable = 0xFFFF_FFFF_FFFF_F000UL;

        private ulong SetMemTable(VhostUserMessage message)
        {
            if (!MemoryTable.TryDecode(message.Payload, out MemoryRegionDescription[] regions, out string? problem))
            {
                return Refuse(message, problem!);
            }

            if (message.FdCount != regions.Length)
            {
                return Refuse(message, $"{regions.Length} regions but {message.FdCount} descriptors");
            }

            var fds = new List<FileDescriptor>();
            try
            {
                for (int i = 0; i < regions.Length; i++)
                {
                    fds.Add(message.TakeFd(i)!);
                }

                MappedGuestMemory memory;
                try
                {
                    memory = MappedGuestMemory.Map(regions, fds);
                }
                catch (VhostUserException e)
                {
                    return Refuse(message, e.Message);
                }

                ReplaceMemory(memory);
                return 0;
            }
            finally
            {
                foreach (FileDescriptor fd in fds)
                {
                    fd.Dispose();
                }
            }
        }

        /// <summary>
        /// The register file's guest memory is fixed, so a new table means a new device behind a new register file.
        /// The old one is reset first (its awaited work ends, as on any reset), then the negotiated state is replayed.
        /// </summary>
        private void ReplaceMemory(MappedGuestMemory memory)
        {
            DeviceStatus replay = Status & (DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
            WriteStatus(0);
            MappedGuestMemory old = _memory;
            _memory = memory;
            (_device, _transport) = CreateDevice(memory);
            old.Dispose();
            _faultReported = false;
            foreach (VringRecord ring in _rings)
            {
                ring.LastSignalledUsed = 0;
            }

            if (StatusNegotiated)
            {
                WriteFeatureWindows(_driverFeatures);
                if (replay != DeviceStatus.None)
                {
                    WriteStatus((uint)replay);
                }

                StartRings();
            }
            else
            {
                ApplyFeatures();
            }

            _observer.OnLog($"memory table: {string.Join(", ", memory.Regions)}");
        }

        private ulong SetVringState(VhostUserRequest request, VringState state)
        {
            if (state.Index >= (uint)_rings.Length)
            {
                _observer.OnLog($"refused {request} for ring {state.Index}: the device has {_rings.Length}");
                return Failure;
            }

            VringRecord ring = _rings[(int)state.Index];
            bool running = _transport.GetDeviceQueue((int)state.Index) is not null;
            switch (request)
            {
                case VhostUserRequest.SetVringNum when !running:
                    ring.Num = state.Num;
                    ring.NumSet = true;
                    return 0;
                case VhostUserRequest.SetVringBase when !running:
                    if (state.Num != 0)
                    {
                        // The register file starts every ring at index 0; resuming elsewhere is refused, not faked.
                        _observer.OnLog($"refused SET_VRING_BASE {state.Num} for ring {state.Index}: only 0 is supported");
                        return Failure;
                    }

                    return 0;
                case VhostUserRequest.SetVringEnable:
                    if (state.Num > 1)
                    {
                        _observer.OnLog($"refused SET_VRING_ENABLE {state.Num}");
                        return Failure;
                    }

                    ring.Enabled = state.Num == 1;
                    if (ring.Enabled)
                    {
                        StartRings();
                        return _transport.GetDeviceQueue((int)state.Index) is not null || !ring.Started ? 0 : Failure;
                    }

                    StopRing((int)state.Index, "disabled");
                    return 0;
                default:
                    _observer.OnLog($"refused {request} for running ring {state.Index}");
                    return Failure;
            }
        }

        private ulong SetVringAddr(VringAddress address)
        {
            if (address.Index >= (uint)_rings.Length || _transport.GetDeviceQueue((int)address.Index) is not null)
            {
                _observer.OnLog($"refused SET_VRING_ADDR for ring {address.Index}: no such ring, or it runs");
                return Failure;
            }

            _rings[(int)address.Index].Address = address;
            return 0;
        }

        private ulong SetVringFile(VhostUserMessage message, VringFile file)
        {
            if (file.Index >= (uint)_rings.Length)
            {
                return Refuse(message, $"ring {file.Index} does not exist");
            }

            FileDescriptor? fd = file.NoFd || message.FdCount != 1 ? null : message.TakeFd(0);
            if (!file.NoFd && fd is null)
            {
                return Refuse(message, "no descriptor, and bit 8 (no fd) clear");
            }

            VringRecord ring = _rings[(int)file.Index];
            switch (message.Request)
            {
                case VhostUserRequest.SetVringKick:
                    if (fd is null)
                    {
                        // Polling the available ring instead of a kick descriptor is not implemented.
                        return Refuse(message, "polling mode (no kick descriptor) is not supported");
                    }

                    ring.ReplaceKick(new EventNotifier(fd));
                    ring.Started = true;
                    if (!_protocolFeaturesNegotiated)
                    {
                        // vhost-user.rst "Ring states": without protocol features a ring starts enabled.
                        ring.Enabled = true;
                    }

                    StartRings();
                    return 0;
                case VhostUserRequest.SetVringCall:
                    ring.ReplaceCall(fd is null ? null : new EventNotifier(fd));
                    return 0;
                default:
                    // SET_VRING_ERR: this device reports errors through DEVICE_NEEDS_RESET only.
                    fd?.Dispose();
                    return 0;
            }
        }

        private bool GetVringBase(VhostUserMessage message)
        {
            if (!VringState.TryDecode(message.Payload, out VringState state) || state.Index >= (uint)_rings.Length)
            {
                _observer.OnLog($"closing the connection: {message} names no ring");
                return false;
            }

            int index = (int)state.Index;
            uint next = _transport.GetDeviceQueue(index) is SplitQueueDeviceEnd split ? split.LastAvailIndex : 0u;
            _rings[index].ReplaceKick(null);
            _rings[index].Started = false;
            StopRing(index, "stopped by GET_VRING_BASE");
            Reply(message, new VringState(state.Index, next).ToArray());
            return true;
        }

        /// <summary>Hands every started, enabled, described ring to the register file as a ready virtqueue.</summary>
        private void StartRings()
        {
            if ((Status & DeviceStatus.FeaturesOk) == 0 || _memory.Regions.Count == 0)
            {
                return;
            }

            bool started = false;
            for (int i = 0; i < _rings.Length; i++)
            {
                VringRecord ring = _rings[i];
                if (_transport.GetDeviceQueue(i) is not null || !ring.Started || !ring.Enabled || !ring.NumSet || ring.Address is not { } address)
                {
                    continue;
                }

                WriteRegister(MmioRegister.QueueSel, (uint)i);
                WriteRegister(MmioRegister.QueueSize, ring.Num);
                WriteAddress(MmioRegister.QueueDescLow, Translate(address.Descriptor));
                WriteAddress(MmioRegister.QueueDriverLow, Translate(address.Available));
                WriteAddress(MmioRegister.QueueDeviceLow, Translate(address.Used));
                WriteRegister(MmioRegister.QueueReady, 1);
                ring.LastSignalledUsed = 0;
                bool ready = _transport.GetDeviceQueue(i) is not null;
                started |= ready;
                _observer.OnLog($"ring {i}: {(ready ? "running" : "refused by the device")} (size {ring.Num}, desc 0x{address.Descriptor:x}, avail 0x{address.Available:x}, used 0x{address.Used:x})");
            }

            if (started && !StatusNegotiated && (Status & DeviceStatus.DriverOk) == 0 && AllRingsRunning())
            {
                // Without STATUS the front-end's DRIVER_OK is invisible; every ring running is the closest sign of it.
                WriteStatus((uint)(Status | DeviceStatus.DriverOk));
            }
        }

        private void StopRing(int index, string why)
        {
            if (_transport.GetDeviceQueue(index) is null)
            {
                return;
            }

            WriteRegister(MmioRegister.QueueSel, (uint)index);
            WriteRegister(MmioRegister.QueueReady, 0);
            _observer.OnLog($"ring {index}: {why}");
            if (!StatusNegotiated && (Status & DeviceStatus.DriverOk) != 0 && NoRingRunning())
            {
                // virtio_uml disables every ring before it removes or resets the device: the driver is gone.
                ResetDevice("every ring stopped");
            }
        }

        private bool AllRingsRunning()
        {
            for (int i = 0; i < _rings.Length; i++)
            {
                if (_transport.GetDeviceQueue(i) is null)
                {
                    return false;
                }
            }

            return true;
        }

        private bool NoRingRunning()
        {
            for (int i = 0; i < _rings.Length; i++)
            {
                if (_transport.GetDeviceQueue(i) is not null)
                {
                    return false;
                }
            }

            return true;
        }

        private void WriteAddress(ulong lowRegister, ulong address)
        {
            WriteRegister(lowRegister, (uint)address);
            WriteRegister(lowRegister + 4, (uint)(address >> 32));
        }

        private ulong Translate(ulong userAddress)
        {
            if (_memory.TryTranslateUserAddress(userAddress, out ulong guestPhysical))
            {
                return guestPhysical;
            }

            _observer.OnLog($"ring address 0x{userAddress:x} is in no memory region");
            return Untranslatable;
        }

        /// <summary>A call to every ring whose used index moved since its last call; to all of them if none moved.</summary>
        private void SignalCalls()
        {
            bool any = false;
            for (int i = 0; i < _rings.Length; i++)
            {
                IDeviceQueue? queue = _transport.GetDeviceQueue(i);
                if (queue is SplitQueueDeviceEnd split && _rings[i].Call is { } call && split.UsedIndex != _rings[i].LastSignalledUsed)
                {
                    _rings[i].LastSignalledUsed = split.UsedIndex;
                    call.Signal();
                    any = true;
                }
            }

            if (any)
            {
                return;
            }

            // Packed rings, or a notification with nothing new: a spurious call is allowed, a lost one is not.
            foreach (VringRecord ring in _rings)
            {
                ring.Call?.Signal();
            }
        }

        private bool GetConfig(VhostUserMessage message)
        {
            if (!ConfigPayload.TryDecode(message.Payload, out ConfigPayload request) || !VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.Config))
            {
                _observer.OnLog($"GET_CONFIG refused: {message} (CONFIG negotiated: {VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.Config)})");
                Reply(message, new ConfigPayload(0, 0, ReadOnlyMemory<byte>.Empty).ToArray());
                return true;
            }

            int size = request.Bytes.Length;
            if (size == 0 || request.Offset > (uint)_device.ConfigSize || (uint)size > (uint)_device.ConfigSize - request.Offset)
            {
                // vhost-user.rst: a reply of size 0 tells the front-end the back-end failed.
                _observer.OnLog($"GET_CONFIG of {size} bytes at {request.Offset} is outside the {_device.ConfigSize}-byte configuration");
                Reply(message, new ConfigPayload(request.Offset, request.Flags, ReadOnlyMemory<byte>.Empty).ToArray());
                return true;
            }

            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++)
            {
                bytes[i] = (byte)_transport.Read(MmioRegister.Config + request.Offset + (ulong)i, 1);
            }

            Reply(message, new ConfigPayload(request.Offset, request.Flags, bytes).ToArray());
            return true;
        }

        private ulong SetConfig(ConfigPayload config)
        {
            int size = config.Bytes.Length;
            if (size == 0 || config.Offset > (uint)_device.ConfigSize || (uint)size > (uint)_device.ConfigSize - config.Offset)
            {
                _observer.OnLog($"refused SET_CONFIG of {size} bytes at {config.Offset}");
                return Failure;
            }

            _observer.OnConfigWrite(config.Offset, size);
            ReadOnlySpan<byte> bytes = config.Bytes.Span;
            for (int i = 0; i < size; i++)
            {
                _transport.Write(MmioRegister.Config + config.Offset + (ulong)i, 1, bytes[i]);
            }

            return 0;
        }
    }
}
