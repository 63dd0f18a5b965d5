using System.Security.Claims;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>
/// The admin API as the operators' channel (<c>Handoff:Operator:Channel=admin</c>): <c>GET /admin/handoffs</c> lists
/// the open hand-offs, <c>POST /admin/handoffs/{id}/replies</c> answers the person, <c>POST /admin/handoffs/{id}/done</c>
/// hands the conversation back to the bot. Mapped only with that setting (and, as all of <c>/admin</c>, an admin key).
/// </summary>
public static class AdminHandoffEndpoints
{
    /// <summary>Fails the start when the operators are to use the admin API but no admin key is configured.</summary>
    public static IServiceCollection AddAdminHandoffs(this IServiceCollection services)
    {
        services.AddOptions<HandoffOptions>().Validate<IOptions<AdminOptions>>(
            (handoff, admin) => !handoff.Operator.IsAdminApi || admin.Value.NamedKeys().Count > 0,
            "Handoff:Operator:Channel is admin, but the admin API is off: set Admin:ApiKey or Admin:Keys.");
        return services;
    }

    public static RouteGroupBuilder MapAdminHandoffEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var options = ((IEndpointRouteBuilder)admin).ServiceProvider.GetRequiredService<IOptions<HandoffOptions>>().Value;
        if (options.Operator.IsAdminApi)
        {
            admin.MapGet("/handoffs", ListAsync);
            admin.MapPost("/handoffs/{id}/replies", ReplyAsync);
            admin.MapPost("/handoffs/{id}/done", DoneAsync);
        }

        return admin;
    }

    private static async Task<Ok<IReadOnlyList<HandoffResponse>>> ListAsync(HandoffAdministration handoffs, CancellationToken cancellationToken)
    {
        var open = await handoffs.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<HandoffResponse>>([.. open.Select(HandoffResponse.From)]);
    }

    private static async Task<Results<Accepted<HandoffStepResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> ReplyAsync(
        string id, HandoffReplyRequest? request, HandoffAdministration handoffs, IOptions<HubOptions> hub, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > hub.Value.MaxMessageLength)
        {
            return TypedResults.BadRequest(Problem($"'text' is required and at most {hub.Value.MaxMessageLength} characters."));
        }

        return await handoffs.ReplyAsync(id, text, KeyName(caller), cancellationToken) is { } ticket
            ? TypedResults.Accepted((string?)null, new HandoffStepResponse(ticket.Id, ticket.Person.Channel))
            : TypedResults.NotFound(NoSuchHandoff());
    }

    private static async Task<Results<Ok<HandoffStepResponse>, NotFound<ProblemDetails>>> DoneAsync(
        string id, HandoffAdministration handoffs, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await handoffs.DoneAsync(id, KeyName(caller), cancellationToken) is { } ticket
            ? TypedResults.Ok(new HandoffStepResponse(ticket.Id, ticket.Person.Channel))
            : TypedResults.NotFound(NoSuchHandoff());

    private static string KeyName(ClaimsPrincipal caller) => caller.Identity?.Name ?? "(unknown)";

    // The id is not echoed: it is the caller's text.
    private static ProblemDetails NoSuchHandoff() => Problem("There is no open hand-off with that id.");

    private static ProblemDetails Problem(string detail) => new() { Detail = detail };
}
