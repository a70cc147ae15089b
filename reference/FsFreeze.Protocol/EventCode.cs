namespace FsFreeze.Protocol
{
    /// <summary><c>virtio_fsfreeze_reply.event</c> of an EVENT, spec "Messages"; 0 in every other reply.</summary>
    public enum EventCode : uint
    {
        /// <summary>Not an event: the value every reply other than an EVENT carries.</summary>
        None = 0,

        /// <summary>AUTO_THAWED: a held freeze reached its deadline and was thawed (FF-DRV-27).</summary>
        AutoThawed = 1,

        /// <summary>THAWED_ON_REMOVE: the driver thawed everything because it is being removed (FF-DRV-28).</summary>
        ThawedOnRemove = 2,
    }
}
