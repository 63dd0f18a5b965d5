using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Slack;
using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.WhatsApp;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Sessions;
using ChatHub.Hub.Admin;
using ChatHub.Conversation.Pipeline;
using ChatHub.Hub.Endpoints;
using ChatHub.Hub.ModelStage;
using ChatHub.Hub.Realtime;
using ChatHub.Hub.Telemetry;
using ChatHub.Hub.Widget;
using ChatHub.Inference;
using ChatHub.Inference.ModelStage;
using ChatHub.Kafka;
using ChatHub.Redis;
using ChatHub.Sqlite;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Extensions;

/// <summary>The composition root: services and endpoints of the hub, shared by Program and the tests.</summary>
public static class ChatHubApplication
{
    /// <summary>The default address when none is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, Kestrel endpoints).</summary>
    public const string DefaultUrl = "http://localhost:5080";

    private const string WebChatCorsPolicy = "webchat";

    private const string ChatHubPath = "/hubs/chat";

    public static WebApplication Create(string[] args) => Create(new WebApplicationOptions { Args = args });

    /// <summary>Builds the hub; <paramref name="configure"/> lets tests replace services before the build.</summary>
    public static WebApplication Create(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        builder.AddChatHub();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapChatHub();
        return app;
    }

    public static WebApplicationBuilder AddChatHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var defaultUrls = string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists();
        if (defaultUrls)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        AddManagementUrls(builder);

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddAdminApi();
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName)
            .Validate(o => o.IsValid(), "ForwardedHeaders: KnownProxies must be IP addresses, KnownNetworks CIDR networks (10.0.0.0/8), ForwardLimit at least 1.")
            .ValidateOnStart();
        services.AddConversation(configuration).AddKafkaMessageBus().AddRedis();
        services.AddChannelAdapters(configuration).AddWebChat().AddTelegram().AddDiscord().AddBotFramework()
            .AddSlack().AddWhatsApp();
        services.AddInference(configuration).AddKnowledgeBase().AddHotQuestionCache().AddLlamaCpp().AddOpenAiCompatible().AddModelStage().AddSpeech();
        services.TryAddSingleton<IPersonDirectory, HubPersonDirectory>(); // the model's linked_platforms tool
        services.TryAddSingleton<IPersonMemory, HubPersonMemory>(); // the model's remember tool
        services.TryAddSingleton<ITurnSummarizer, HubTurnSummarizer>(); // rolling summaries of long conversations, by the model
        services.TryAddSingleton<IPromptModeration, HubPromptModeration>(); // the prompt-render filter's word list
        services.Replace(ServiceDescriptor.Singleton<IToolBudget, HubToolBudget>()); // per-person tool budgets on the counter store
        services.TryAddSingleton<IModelBudget, HubModelBudget>(); // per-person model budgets on the usage store (Budgets:…)
        services.Replace(ServiceDescriptor.Singleton<IModelImageSupport, HubModelImageSupport>()); // Inference:OpenAI:Vision
        services.AddSqliteStorage(configuration); // the durable embedded default; Redis and Kafka, when configured, take over

        services.AddHubTelemetry();
        services.AddSignalR(options =>
        {
            // Large enough for a message over the text limit to reach our validation (and get a clear error).
            options.MaximumReceiveMessageSize = 64 * 1024;
        });
        services.AddSingleton<IWebChatClients, SignalRWebChatClients>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebChatOptions>>((cors, webChat) =>
            cors.AddPolicy(WebChatCorsPolicy, policy => ConfigureWebChatCors(policy, webChat.Value.AllowedOrigins)));
        return builder;
    }

    public static WebApplication MapChatHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (forwarded.IsConfigured)
        {
            app.UseForwardedHeaders(forwarded.ToOptions()); // before anything reads the client's address
        }

        var management = app.Services.GetRequiredService<ManagementAddress>();
        app.Use((context, next) => management.Serves(context) ? next(context) : Results.NotFound().ExecuteAsync(context));
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseWebChatOriginCheck(ChatHubPath);
        app.UseCors();
        app.UseAdminCallLog();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapAdminEndpoints();
        app.MapMetricsEndpoint();
        app.MapTelegramWebhook();
        app.MapSlackWebhook();
        app.MapBotFrameworkEndpoints();
        app.MapWhatsAppWebhook();
        if (app.Services.GetRequiredService<HubRoles>().Has(HubRole.Ingress))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapWidget();
            app.MapHub<ChatRealtimeHub>(ChatHubPath).RequireCors(WebChatCorsPolicy);
            app.MapWebChatImageUploads().RequireCors(WebChatCorsPolicy);
            app.MapWebChatVoiceUploads().RequireCors(WebChatCorsPolicy);
        }

        return app;
    }

    /// <summary>
    /// With <c>Admin:Urls</c>, Kestrel listens on the management address too: added to the public addresses
    /// (<see cref="PublicUrls"/>). With <c>Kestrel:Endpoints</c> (which take precedence over <c>urls</c>) the operator defines an endpoint
    /// for it there as well. A management port that is also a public one is refused at start.
    /// </summary>
    private static void AddManagementUrls(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{AdminOptions.SectionName}:{nameof(AdminOptions.Urls)}"];
        if (string.IsNullOrWhiteSpace(configured) || !ManagementAddress.TryParse(configured, out var management, out _) || management.Count == 0)
        {
            return; // none, or malformed: the options validation stops the host with the message
        }

        var publicUrls = PublicUrls(builder.Configuration);
        var clash = management.FirstOrDefault(m => publicUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(p => ManagementAddress.TryParse(p, out var u, out _) && u.Count == 1 && u[0].Port == m.Port));
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"Admin:Urls: port {clash.Port} is also a public address ({publicUrls}); give the management address a port of its own.");
        }

        if (!builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls($"{publicUrls};{configured}");
        }
    }

    /// <summary>
    /// The public addresses as Kestrel would read them without a management address: <c>urls</c>, else
    /// <c>http_ports</c> and <c>https_ports</c> (ASPNETCORE_HTTP_PORTS, as in the container image) on every interface,
    /// else <see cref="DefaultUrl"/>. Adding <c>Admin:Urls</c> sets <c>urls</c>, which Kestrel prefers to the ports.
    /// </summary>
    internal static string PublicUrls(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return configuration["urls"]!;
        }

        static IEnumerable<string> Ports(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");

        var fromPorts = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
        return fromPorts.Count > 0 ? string.Join(';', fromPorts) : DefaultUrl;
    }

    /// <summary>Sites that embed the widget call /hubs/chat cross-origin (SignalR negotiates with credentials).</summary>
    private static void ConfigureWebChatCors(CorsPolicyBuilder policy, string[] origins)
    {
        policy.AllowAnyHeader().WithMethods("GET", "POST").AllowCredentials();
        if (origins.Contains("*"))
        {
            policy.SetIsOriginAllowed(_ => true);
        }
        else
        {
            policy.WithOrigins(origins);
        }
    }
}
