using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>
/// The signing keys of one OpenID metadata URL (the configuration document, then its <c>jwks_uri</c>), parsed by
/// Microsoft.IdentityModel's <see cref="OpenIdConnectConfigurationRetriever"/>. Cached for
/// <see cref="BotFrameworkOptions.MetadataRefreshInterval"/>; fetched again at once when a token names a key id the
/// cache does not hold (key rollover), at most once per <see cref="BotFrameworkOptions.MinKeyRefreshInterval"/>.
/// One fetch at a time (single flight): callers that arrive while it runs wait for its outcome and share it, success
/// or failure. A failed fetch starts a backoff (<see cref="FailureBackoff"/>, from the first failure on): until it
/// ends nobody fetches, and callers get the last good keys or, before any, <see cref="MetadataUnavailableException"/>
/// at once. So requests without valid keys (30 of them, or 30,000) cause one fetch per backoff step, not one each.
/// A failed refresh keeps the last good keys.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationManager&lt;T&gt;</c>: in Microsoft.IdentityModel 8.x its <c>RequestRefresh</c> refreshes in the
/// background and the next <c>GetConfigurationAsync</c> still answers the old keys, so the activity signed with a
/// new key would be refused (and Teams retries only a few times). Here the refresh is awaited.
/// </remarks>
internal sealed class OpenIdMetadataCache : IDisposable
{
    /// <summary>Waits after consecutive failed fetches: about 2 s, 4 s, … up to 2 min (with jitter).</summary>
    internal static readonly RetryPolicy FailureBackoff = new(int.MaxValue, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));

    private readonly Uri _address;
    private readonly Func<IDocumentRetriever> _retriever;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minKeyRefreshInterval;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile OpenIdConnectConfiguration? _current;
    private long _fetchedAt; // UTC ticks (read without the lock: atomic as a long, unlike DateTimeOffset)
    private long _refreshAt;
    private long _retryAt; // no fetch before this after a failure (UTC ticks); 0 when the last fetch succeeded
    private int _failures;

    public OpenIdMetadataCache(
        Uri address, Func<IDocumentRetriever> retriever, BotFrameworkOptions options, TimeProvider time, ILogger logger)
    {
        _address = address;
        _retriever = retriever;
        _refreshInterval = options.MetadataRefreshInterval;
        _minKeyRefreshInterval = options.MinKeyRefreshInterval;
        _timeout = options.RequestTimeout;
        _time = time;
        _logger = logger;
    }

    public Uri Address => _address;

    public bool IsLoaded => _current is not null;

    /// <summary>Why the last fetch failed, or null after a success.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the next fetch may happen after a failure (null when the last fetch succeeded).</summary>
    public DateTimeOffset? RetryAt => Volatile.Read(ref _retryAt) is var at and > 0 ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    /// <summary>The cache's clock (the injected one).</summary>
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The cached keys, fetched when none are held or they are due for refresh.</summary>
    /// <exception cref="MetadataUnavailableException">No keys were ever fetched and this fetch failed.</exception>
    public async ValueTask<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && Now < Volatile.Read(ref _refreshAt))
        {
            return current;
        }

        if (current is null && InBackoff)
        {
            throw Unavailable(null); // no keys yet, and the last fetch failed moments ago: do not queue for another
        }

        return await RefreshAsync(current, force: false, cancellationToken);
    }

    /// <summary>The keys, fetched again first if <paramref name="keyId"/> is not among them (and the last fetch is not too recent).</summary>
    public async ValueTask<OpenIdConnectConfiguration> GetWithKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var current = await GetAsync(cancellationToken);
        if (HasKey(current, keyId) || RecentlyFetched || InBackoff)
        {
            return current;
        }

        BotFrameworkLog.UnknownSigningKey(_logger, keyId, _address.Host);
        return await RefreshAsync(current, force: true, cancellationToken);
    }

    public void Dispose() => _fetch.Dispose();

    private MetadataUnavailableException Unavailable(Exception? inner)
    {
        var message = $"The signing keys at {_address} could not be fetched ({LastError ?? "no answer yet"}); next try after {RetryAt:O}.";
        return inner is null ? new MetadataUnavailableException(message) : new MetadataUnavailableException(message, inner);
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    private bool InBackoff => Now < Volatile.Read(ref _retryAt);

    private bool RecentlyFetched => Now - Volatile.Read(ref _fetchedAt) < _minKeyRefreshInterval.Ticks;

    internal static bool HasKey(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.SigningKeys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    private async ValueTask<OpenIdConnectConfiguration> RefreshAsync(OpenIdConnectConfiguration? seen, bool force, CancellationToken cancellationToken)
    {
        await _fetch.WaitAsync(cancellationToken);
        try
        {
            var current = _current;
            if (current is not null && !ReferenceEquals(current, seen))
            {
                return current; // another caller fetched while this one waited
            }

            if (current is not null && (force ? RecentlyFetched : Now < Volatile.Read(ref _refreshAt)))
            {
                return current; // another caller's fetch (maybe a failed one) is recent enough
            }

            if (InBackoff)
            {
                // The fetch this caller waited for failed: share its outcome rather than fetch again.
                return current ?? throw Unavailable(null);
            }

            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var fetched = await OpenIdConnectConfigurationRetriever.GetAsync(_address.AbsoluteUri, _retriever(), linked.Token);
                var now = Now;
                _current = fetched;
                Volatile.Write(ref _fetchedAt, now);
                Volatile.Write(ref _refreshAt, now + _refreshInterval.Ticks);
                Volatile.Write(ref _retryAt, 0);
                _failures = 0;
                LastError = null;
                BotFrameworkLog.MetadataFetched(_logger, _address.Host, fetched.SigningKeys.Count);
                return fetched;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0.#} s" : $"{ex.GetType().Name}: {ex.Message}";
                LastError = reason;
                BotFrameworkLog.MetadataFetchFailed(_logger, _address.Host, reason);
                var now = Now;
                var retryAt = now + FailureBackoff.DelayFor(++_failures).Ticks;
                Volatile.Write(ref _retryAt, retryAt);
                if (current is null)
                {
                    throw Unavailable(ex);
                }

                // Keep the last good keys; try again after the backoff rather than on every request.
                Volatile.Write(ref _fetchedAt, now);
                Volatile.Write(ref _refreshAt, retryAt);
                return current;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }
}
