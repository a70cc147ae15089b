using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>What a <see cref="VhostUserDeviceSession"/> tells the program around it.</summary>
    public interface IVhostUserSessionObserver
    {
        /// <summary>A device was created behind a new register file (at the start, and on every SET_MEM_TABLE).</summary>
        void OnDeviceCreated(VirtioDevice device, VirtioMmioTransport transport);

        /// <summary>A line for the log: messages refused, rings started and stopped, resets.</summary>
        void OnLog(string message);

        /// <summary>
        /// The front-end's driver broke a rule the back-end can see: <paramref name="requirementId"/> names it (an
        /// FF-INIT-n or FF-RING-n of the spec, or null when the device must name it), <paramref name="fault"/> is set
        /// when the register file entered DEVICE_NEEDS_RESET.
        /// </summary>
        void OnDriverViolation(string? requirementId, string detail, DeviceFault? fault);

        /// <summary>The driver wrote the configuration space (SET_CONFIG); the device decides whether that is allowed.</summary>
        void OnConfigWrite(uint offset, int length);
    }
}
