using System.Net.Http.Json;
using ChatHub.Adapters.BotFramework.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// The bot's outbound access token: OAuth 2.0 client credentials against
/// <see cref="BotFrameworkOptions.EffectiveTokenEndpoint"/> (form post of client id, secret and scope), cached until
/// <see cref="BotFrameworkOptions.TokenRefreshMargin"/> before it expires. One request at a time: concurrent callers
/// wait for it (single flight). Neither the secret nor the token is ever logged.
/// </summary>
internal sealed class BotFrameworkTokenProvider : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> for the token endpoint and the connector.</summary>
    public const string HttpClientName = "ChatHub.BotFramework";

    private readonly IHttpClientFactory _factory;
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkTokenProvider> _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    public BotFrameworkTokenProvider(IHttpClientFactory factory, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkTokenProvider> logger)
    {
        _factory = factory;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>A valid token, from the cache or freshly requested.</summary>
    public async ValueTask<BotFrameworkResult<string>> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && _time.GetUtcNow() < cached.RenewAt)
        {
            return BotFrameworkResult<string>.Ok(cached.Token);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && _time.GetUtcNow() < again.RenewAt)
            {
                return BotFrameworkResult<string>.Ok(again.Token);
            }

            var result = await RequestAsync(cancellationToken);
            if (result.Error is { } error)
            {
                BotFrameworkLog.TokenRequestFailed(_logger, _options.EffectiveTokenEndpoint.Host, error.Kind, error.ToString());
            }

            return result;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops the cached token if it is still <paramref name="token"/> (the connector refused it).</summary>
    public void Invalidate(string token)
    {
        if (_cached is { } cached && cached.Token == token)
        {
            _cached = null;
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<BotFrameworkResult<string>> RequestAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        BotFrameworkResult<string> result;
        try
        {
            using var form = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.AppId!),
                new("client_secret", _options.AppPassword ?? ""),
                new("scope", _options.OAuthScope),
            ]);
            var client = _factory.CreateClient(HttpClientName);
            using var response = await client.PostAsync(_options.EffectiveTokenEndpoint, form, linked.Token);
            result = await ReadAsync(response, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.Timeout, $"token endpoint: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            result = BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.Network, $"token endpoint: request failed ({ex.HttpRequestError})"));
        }

        BotFrameworkMetrics.Requests.Add(1, new("operation", "token"), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        return result;
    }

    private async Task<BotFrameworkResult<string>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            // 400 invalid_client / unauthorized_client and 401 mean wrong credentials: nothing a retry can fix.
            var kind = status is 400 or 401 ? BotFrameworkErrorKind.Unauthorized : BotFrameworkError.Classify(status);
            var description = await BotFrameworkResponses.DescribeAsync(response, cancellationToken);
            return BotFrameworkResult<string>.Fail(new BotFrameworkError(kind, $"token endpoint: {description}", status, BotFrameworkResponses.RetryAfter(response, _time)));
        }

        TokenResponse? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync(BotFrameworkJsonContext.Default.TokenResponse, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is not { AccessToken.Length: > 0, ExpiresIn: > 0 })
        {
            return BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.InvalidResponse, "token endpoint: no access_token/expires_in in the answer", status));
        }

        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn.Value);
        // Renew RefreshMargin early, but never use less than half of a short-lived token's life.
        var margin = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
        _cached = new CachedToken(body.AccessToken, _time.GetUtcNow() + lifetime - margin);
        BotFrameworkLog.TokenRenewed(_logger, lifetime);
        return BotFrameworkResult<string>.Ok(body.AccessToken);
    }

    private sealed record CachedToken(string Token, DateTimeOffset RenewAt);
}
