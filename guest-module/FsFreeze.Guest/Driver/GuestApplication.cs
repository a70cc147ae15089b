namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// A guest application registered for APP_NOTICE (FF-DRV-30/31): told that a freeze is coming, it answers
    /// through the <see cref="FreezeNotice"/> when it is ready (or never); told after every thaw, it answers nothing.
    /// </summary>
    public abstract class GuestApplication
    {
        /// <summary>Creates an application called <paramref name="name"/>.</summary>
        protected GuestApplication(string name)
        {
            Name = name;
        }

        /// <summary>The name used in traces.</summary>
        public string Name { get; }

        /// <summary>A freeze is coming: prepare, then call <see cref="FreezeNotice.Prepared"/> (must not block the driver).</summary>
        protected internal abstract void OnFreezeComing(FreezeNotice notice);

        /// <summary>The filesystems are thawed again (after THAW, rollback, deadline or removal).</summary>
        protected internal abstract void OnThawed();

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
