using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// The phone number's outbound budget (System.Threading.RateLimiting token buckets, waiting in order): its
/// throughput (<see cref="WhatsAppOptions.MessagesPerSecond"/>, error 130429 beyond it) and, per person, the pair
/// rate (<see cref="WhatsAppOptions.PairBurst"/> then one per <see cref="WhatsAppOptions.PairInterval"/>, error
/// 131056 beyond it). In process: with several egress nodes each keeps its own, and the platform's errors are
/// retried after its delay (<see cref="WhatsAppDelivery"/>).
/// </summary>
internal sealed class WhatsAppRateLimiter : IDisposable
{
    private const int QueueLimit = 100_000;

    private readonly TokenBucketRateLimiter _number;
    private readonly PartitionedRateLimiter<string> _pairs;

    public WhatsAppRateLimiter(IOptions<WhatsAppOptions> options)
    {
        var o = options.Value;
        _number = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.MessagesPerSecond,
            TokensPerPeriod = o.MessagesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _pairs = PartitionedRateLimiter.Create<string, string>(recipient => RateLimitPartition.GetTokenBucketLimiter(recipient, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.PairBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = o.PairInterval,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Waits until one more message to <paramref name="recipient"/> is within both budgets, then takes it.</summary>
    public async ValueTask AcquireAsync(string recipient, CancellationToken cancellationToken)
    {
        using var pair = await _pairs.AcquireAsync(recipient, 1, cancellationToken);
        using var number = await _number.AcquireAsync(1, cancellationToken);
        // A lease that was not acquired means the queue overflowed: the platform's own limit answers then (retried).
    }

    public void Dispose()
    {
        _pairs.Dispose();
        _number.Dispose();
    }
}
