namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// The random numbers of the gateway (first-heartbeat jitter, the 1–5 s wait after INVALID_SESSION, reconnect
/// backoff jitter), behind one seam so that tests can fix them.
/// </summary>
internal sealed class GatewayJitter
{
    private readonly Func<double> _next;

    public GatewayJitter()
        : this(Random.Shared.NextDouble)
    {
    }

    internal GatewayJitter(Func<double> next) => _next = next;

    /// <summary>A number in [0, 1).</summary>
    public double Next() => Math.Clamp(_next(), 0, 0.999_999);
}
