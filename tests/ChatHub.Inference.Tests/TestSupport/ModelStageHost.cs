using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>
/// The inference chain as the hub composes it (knowledge base → model stage → resilience → an OpenAI-compatible
/// backend), the backend being <see cref="FakeOpenAiServer"/> on loopback, with a small knowledge base of its own.
/// </summary>
internal sealed class ModelStageHost : IAsyncDisposable
{
    public const string KnowledgeBase = """
        # Test FAQ

        ## How do I reset my password?
        Also: I forgot my password

        Open the login page and choose "Forgot password"; a reset link arrives by e-mail within five minutes.

        ## What are the opening hours of the support desk?
        Also: when is support open

        The support desk answers from 9:00 to 17:00 CET, Monday to Friday.
        """;

    private readonly string _directory;

    private ModelStageHost(IHost host, FakeOpenAiServer server, string directory)
    {
        Host = host;
        Server = server;
        _directory = directory;
    }

    public IHost Host { get; }

    public FakeOpenAiServer Server { get; }

    public IChatClient Client => Host.Services.GetRequiredService<IChatClient>();

    public static async Task<ModelStageHost> StartAsync(
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, FakeOpenAiServer? server = null)
    {
        server ??= await FakeOpenAiServer.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), $"chathub-model-stage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var knowledge = Path.Combine(directory, "knowledge.md");
        await File.WriteAllTextAsync(knowledge, KnowledgeBase);

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:OpenAI:Endpoint"] = server.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-model",
            ["Inference:Knowledge:Path"] = knowledge,
            ["Inference:Concurrency:MaxConcurrentGenerations"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddInference(builder.Configuration).AddKnowledgeBase().AddOpenAiCompatible().AddModelStage();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync().DefaultTimeout();
        }
        catch
        {
            host.Dispose();
            await server.DisposeAsync();
            throw;
        }

        return new ModelStageHost(host, server, directory);
    }

    /// <summary>The names of the tools the model was offered in request <paramref name="index"/>.</summary>
    public IReadOnlyList<string> OfferedTools(int index = 0) =>
        Server.Bodies.ElementAt(index).TryGetProperty("tools", out var tools)
            ? [.. tools.EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString()!)]
            : [];

    /// <summary>The messages of request <paramref name="index"/> as (role, content) pairs.</summary>
    public IReadOnlyList<(string Role, string Content)> Sent(int index) =>
        [.. Server.Bodies.ElementAt(index).GetProperty("messages").EnumerateArray().Select(message => (
            message.GetProperty("role").GetString()!,
            message.TryGetProperty("content", out var content) && content.ValueKind == System.Text.Json.JsonValueKind.String
                ? content.GetString()!
                : content.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : ""))
                    : ""))];

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().DefaultTimeout();
        Host.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
