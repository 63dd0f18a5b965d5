using System.Security.Claims;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

public static class AdminEndpointRouteBuilderExtensions
{
    /// <summary>The authorization policy of the admin API: a caller authenticated by <see cref="AdminKeyAuthenticationHandler"/>.</summary>
    public const string Policy = "chathub-admin";

    /// <summary>The admin API's options, key validation, authentication scheme and policy, and the management address.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<ManagementAddress>();
        services.AddAdminHandoffs();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy =>
            policy.AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// The admin API under <c>/admin</c>, for callers with an admin key (<c>X-Api-Key</c>; checked before the body is
    /// read). Not mapped at all (404) when no key is configured.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.NamedKeys().Count == 0)
        {
            return endpoints;
        }

        var admin = endpoints.MapGroup("/admin").RequireAuthorization(Policy).DisableAntiforgery();
        admin.MapGet("/users", FindUserAsync);
        admin.MapGet("/users/{hubUserId}", GetUserAsync);
        admin.MapGet("/users/{hubUserId}/audit", GetAuditAsync);
        admin.MapPost("/users/{hubUserId}/messages", SendMessageAsync);
        admin.MapDelete("/users/{hubUserId}", EraseAsync);
        admin.MapAdminHandoffEndpoints();
        admin.MapBroadcastEndpoints();
        admin.MapUsageEndpoints();
        return endpoints;
    }

    private static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> FindUserAsync(
        string? channel, string? userId, UserAdministration users, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(userId))
        {
            return TypedResults.BadRequest(Problem("Query parameters 'channel' and 'userId' are required, e.g. /admin/users?channel=telegram&userId=123."));
        }

        var summary = await users.FindAsync(new PlatformIdentity(channel, userId), KeyName(caller), cancellationToken);
        return summary is null
            ? TypedResults.NotFound(Problem($"No hub user has the {channel} identity '{userId}'."))
            : TypedResults.Ok(UserResponse.From(summary));
    }

    private static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetails>>> GetUserAsync(
        string hubUserId, UserAdministration users, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var summary = await users.GetSummaryAsync(hubUserId, KeyName(caller), cancellationToken);
        return summary is null ? TypedResults.NotFound(Problem($"No hub user '{hubUserId}'.")) : TypedResults.Ok(UserResponse.From(summary));
    }

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAuditAsync(
        string hubUserId, UserAdministration users, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.GetAuditAsync(hubUserId, KeyName(caller), cancellationToken));

    private static async Task<Results<Accepted<ProactiveMessageResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> SendMessageAsync(
        string hubUserId, ProactiveMessageRequest? request, UserAdministration users, IOptions<HubOptions> hub, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var text = request?.Text;
        if (string.IsNullOrWhiteSpace(text) || text.Length > hub.Value.MaxMessageLength)
        {
            return TypedResults.BadRequest(Problem($"'text' is required and at most {hub.Value.MaxMessageLength} characters."));
        }

        var deliveredTo = await users.SendProactiveAsync(hubUserId, text, request!.Channel, KeyName(caller), cancellationToken);
        return deliveredTo is null
            ? TypedResults.NotFound(Problem($"Hub user '{hubUserId}' has no active conversation{(request.Channel is null ? "" : " on " + request.Channel)}."))
            : TypedResults.Accepted((string?)null, new ProactiveMessageResponse(deliveredTo.Key));
    }

    private static async Task<Results<Ok<ErasureReport>, NotFound<ProblemDetails>>> EraseAsync(
        string hubUserId, UserAdministration users, IIdentityMap identities, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if ((await identities.GetIdentitiesAsync(hubUserId, cancellationToken)).Count == 0)
        {
            return TypedResults.NotFound(Problem($"No hub user '{hubUserId}'."));
        }

        return TypedResults.Ok(await users.EraseAsync(hubUserId, KeyName(caller), cancellationToken));
    }

    /// <summary>The admin key's name (the authorization policy guarantees an authenticated caller).</summary>
    private static string KeyName(ClaimsPrincipal caller) => caller.Identity?.Name ?? "(unknown)";

    private static ProblemDetails Problem(string detail) => new() { Detail = detail };
}
