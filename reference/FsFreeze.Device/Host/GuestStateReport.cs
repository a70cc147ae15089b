using System;
using FsFreeze.Protocol;

namespace FsFreeze.Device.Host
{
    /// <summary>
    /// The guest's freeze state as last reported by an accepted reply or EVENT (FF-DEV-13), with the virtual time it
    /// arrived. <see cref="Event"/> is the EVENT's code, or <see cref="EventCode.None"/> for a reply.
    /// </summary>
    public sealed record GuestStateReport(GuestFreezeState State, uint FrozenCount, uint RemainingMs, EventCode Event, TimeSpan ReportedAt);
}
