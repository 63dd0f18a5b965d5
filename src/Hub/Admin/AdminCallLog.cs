using ChatHub.Conversation.Telemetry;

namespace ChatHub.Hub.Admin;

/// <summary>
/// Logs every authenticated admin call once it is answered: the key's name, method, path and status (a proactive
/// message's text or a body is never logged). What a call did to a hub user is also in that user's audit log
/// (<see cref="Conversation.Users.UserAdministration"/>).
/// </summary>
internal static partial class AdminCallLog
{
    public static IApplicationBuilder UseAdminCallLog(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            await next(context);
            if (context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
                && context.User.Identity is { IsAuthenticated: true, AuthenticationType: AdminKeyAuthenticationHandler.SchemeName, Name: { } key })
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminCallLog));
                LogCall(logger, key, context.Request.Method, context.Request.Path.Value, context.Response.StatusCode);
            }
        });

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Admin call by key {Key}: {Method} {Path} answered {StatusCode}")]
    private static partial void LogCall(ILogger logger, string key, UntrustedText method, UntrustedText path, int statusCode);
}
