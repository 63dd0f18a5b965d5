using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>
/// Readiness of the WhatsApp adapter (check <c>whatsapp</c>, tag <c>ready</c>). Degraded while the last reply was
/// refused because of the access token (expired or revoked: nothing can be sent until it is renewed); healthy again
/// after the next reply is sent. Ingress needs nothing fetched at start (the signature key is the configured secret).
/// </summary>
internal sealed class WhatsAppHealth : IHealthCheck
{
    private readonly string _phoneNumberId;
    private volatile string? _tokenProblem;

    public WhatsAppHealth(IOptions<WhatsAppOptions> options) => _phoneNumberId = options.Value.PhoneNumberId ?? "";

    public void ReportTokenRejected(string reason) => _tokenProblem = reason;

    public void ReportSent() => _tokenProblem = null;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tokenProblem is { } problem
            ? HealthCheckResult.Degraded($"whatsapp: the access token was refused ({UntrustedText.Escape(problem)}); replies fail until it is renewed")
            : HealthCheckResult.Healthy($"whatsapp: phone number id {_phoneNumberId}"));
}
