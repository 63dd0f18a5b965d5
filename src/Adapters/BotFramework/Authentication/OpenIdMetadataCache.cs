using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>
/// The signing keys of one OpenID metadata URL (the configuration document, then its <c>jwks_uri</c>), parsed by
/// Microsoft.IdentityModel's <see cref="OpenIdConnectConfigurationRetriever"/>. Cached for
/// <see cref="BotFrameworkOptions.MetadataRefreshInterval"/>; fetched again at once when a token names a key id the
/// cache does not hold (key rollover), at most once per <see cref="BotFrameworkOptions.MinKeyRefreshInterval"/>.
/// One fetch at a time; callers wait for it. A failed refresh keeps the last good keys.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationManager&lt;T&gt;</c>: in Microsoft.IdentityModel 8.x its <c>RequestRefresh</c> refreshes in the
/// background and the next <c>GetConfigurationAsync</c> still answers the old keys, so the activity signed with a
/// new key would be refused (and Teams retries only a few times). Here the refresh is awaited.
/// </remarks>
internal sealed class OpenIdMetadataCache : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

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

    /// <summary>The cached keys, fetched when none are held or they are due for refresh.</summary>
    /// <exception cref="MetadataUnavailableException">No keys were ever fetched and this fetch failed.</exception>
    public async ValueTask<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && Now < Volatile.Read(ref _refreshAt))
        {
            return current;
        }

        return await RefreshAsync(current, force: false, cancellationToken);
    }

    /// <summary>The keys, fetched again first if <paramref name="keyId"/> is not among them (and the last fetch is not too recent).</summary>
    public async ValueTask<OpenIdConnectConfiguration> GetWithKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var current = await GetAsync(cancellationToken);
        if (HasKey(current, keyId) || Now - Volatile.Read(ref _fetchedAt) < _minKeyRefreshInterval.Ticks)
        {
            return current;
        }

        BotFrameworkLog.UnknownSigningKey(_logger, keyId, _address.Host);
        return await RefreshAsync(current, force: true, cancellationToken);
    }

    public void Dispose() => _fetch.Dispose();

    private long Now => _time.GetUtcNow().UtcTicks;

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

            if (current is not null && !force && Now < Volatile.Read(ref _refreshAt))
            {
                return current;
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
                LastError = null;
                BotFrameworkLog.MetadataFetched(_logger, _address.Host, fetched.SigningKeys.Count);
                return fetched;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0.#} s" : $"{ex.GetType().Name}: {ex.Message}";
                LastError = reason;
                BotFrameworkLog.MetadataFetchFailed(_logger, _address.Host, reason);
                if (current is null)
                {
                    throw new MetadataUnavailableException($"The signing keys at {_address} could not be fetched ({reason}).", ex);
                }

                // Keep the last good keys; try again in a minute rather than on every request.
                var now = Now;
                Volatile.Write(ref _fetchedAt, now);
                Volatile.Write(ref _refreshAt, now + RetryAfterFailure.Ticks);
                return current;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }
}
