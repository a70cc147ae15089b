namespace FsFreeze.Conformance.Adapters.VhostUser
{
    /// <summary>A vhost-user back-end the suite can reach: its vhost-user socket and its control socket.</summary>
    public interface IVhostUserBackend
    {
        /// <summary>The two socket paths (starting the back-end first when the suite spawns it).</summary>
        (string Socket, string Control) Endpoints();
    }
}
