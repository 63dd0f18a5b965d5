using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

public static class AdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// The admin API under <c>/admin</c>, protected by <c>X-Api-Key</c>. Not mapped at all (404) when
    /// <c>Admin:ApiKey</c> is not configured.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (string.IsNullOrEmpty(endpoints.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey))
        {
            return endpoints;
        }

        var admin = endpoints.MapGroup("/admin").AddEndpointFilter<AdminApiKeyFilter>().DisableAntiforgery();
        admin.MapGet("/users", FindUserAsync);
        admin.MapGet("/users/{hubUserId}", GetUserAsync);
        admin.MapGet("/users/{hubUserId}/audit", GetAuditAsync);
        admin.MapPost("/users/{hubUserId}/messages", SendMessageAsync);
        admin.MapDelete("/users/{hubUserId}", EraseAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> FindUserAsync(
        string? channel, string? userId, UserAdministration users, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(userId))
        {
            return TypedResults.BadRequest(Problem("Query parameters 'channel' and 'userId' are required, e.g. /admin/users?channel=telegram&userId=123."));
        }

        var hubUserId = await users.FindAsync(new PlatformIdentity(channel, userId), cancellationToken);
        var summary = hubUserId is null ? null : await users.GetSummaryAsync(hubUserId, cancellationToken);
        return summary is null
            ? TypedResults.NotFound(Problem($"No hub user has the {channel} identity '{userId}'."))
            : TypedResults.Ok(UserResponse.From(summary));
    }

    private static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetails>>> GetUserAsync(
        string hubUserId, UserAdministration users, CancellationToken cancellationToken)
    {
        var summary = await users.GetSummaryAsync(hubUserId, cancellationToken);
        return summary is null ? TypedResults.NotFound(Problem($"No hub user '{hubUserId}'.")) : TypedResults.Ok(UserResponse.From(summary));
    }

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAuditAsync(string hubUserId, UserAdministration users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.GetAuditAsync(hubUserId, cancellationToken));

    private static async Task<Results<Accepted<ProactiveMessageResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> SendMessageAsync(
        string hubUserId, ProactiveMessageRequest? request, UserAdministration users, IOptions<HubOptions> hub, CancellationToken cancellationToken)
    {
        var text = request?.Text;
        if (string.IsNullOrWhiteSpace(text) || text.Length > hub.Value.MaxMessageLength)
        {
            return TypedResults.BadRequest(Problem($"'text' is required and at most {hub.Value.MaxMessageLength} characters."));
        }

        var deliveredTo = await users.SendProactiveAsync(hubUserId, text, request!.Channel, cancellationToken);
        return deliveredTo is null
            ? TypedResults.NotFound(Problem($"Hub user '{hubUserId}' has no active conversation{(request.Channel is null ? "" : " on " + request.Channel)}."))
            : TypedResults.Accepted((string?)null, new ProactiveMessageResponse(deliveredTo.Key));
    }

    private static async Task<Results<Ok<ErasureReport>, NotFound<ProblemDetails>>> EraseAsync(
        string hubUserId, UserAdministration users, CancellationToken cancellationToken)
    {
        if (await users.GetSummaryAsync(hubUserId, cancellationToken) is null)
        {
            return TypedResults.NotFound(Problem($"No hub user '{hubUserId}'."));
        }

        return TypedResults.Ok(await users.EraseAsync(hubUserId, cancellationToken));
    }

    private static ProblemDetails Problem(string detail) => new() { Detail = detail };
}
