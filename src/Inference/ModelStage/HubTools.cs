using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The built-in tools, as kernel functions of the plugin <see cref="PluginName"/>. Each reads its request from the
/// kernel (<see cref="ModelStageRequest"/>); their output goes back to the model through
/// <see cref="ToolInvocationFilter"/> (bounded, audited, marked as untrusted).
/// </summary>
internal sealed class HubTools
{
    public const string PluginName = "hub";

    /// <summary>The knowledge search's function name: the one tool whose answer is the same for everyone.</summary>
    public const string KnowledgeSearch = "knowledge_search";

    private readonly KnowledgeTextSearch? _search;
    private readonly IPersonDirectory? _people;
    private readonly IPersonMemory? _memory;
    private readonly TimeProvider _time;

    public HubTools(KnowledgeTextSearch? search, IPersonDirectory? people, TimeProvider time, IPersonMemory? memory = null)
    {
        _search = search;
        _people = people;
        _memory = memory;
        _time = time;
    }

    /// <summary>The <c>remember</c> tool's function name.</summary>
    public const string Remember = "remember";

    /// <summary>The plugin with the tools available here (no knowledge search without a knowledge base, no remember without a memory).</summary>
    public KernelPlugin CreatePlugin()
    {
        var all = KernelPluginFactory.CreateFromObject(this, PluginName);
        return _search is not null && _memory is not null ? all : KernelPluginFactory.CreateFromFunctions(
            PluginName, all.Where(function => (_search is not null || function.Name != KnowledgeSearch) && (_memory is not null || function.Name != Remember)));
    }

    [KernelFunction(Remember)]
    [Description("Keeps a short fact about the person for later conversations (on every platform they linked). Use it only when the person asks you to remember something about them; pass the fact in their words.")]
    public async Task<string> RememberAsync(Kernel kernel, [Description("The fact, in a short sentence, e.g. 'Prefers answers in French'.")] string fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var request = ModelStageRequest.From(kernel);
        if (_memory is null || request?.Context is not { Memories: not null } person)
        {
            return "Memory is not available in this chat. Tell the person they can send /memory in a direct chat to learn more.";
        }

        if (string.IsNullOrWhiteSpace(fact))
        {
            throw new ArgumentException("The fact is empty.", nameof(fact));
        }

        request.MarkPersonal();
        return await _memory.RememberAsync(person.PersonId, person.Platform, fact, cancellationToken);
    }

    [KernelFunction(KnowledgeSearch)]
    [Description("Searches the FAQ knowledge base. Returns the best entries with their titles; answer from them.")]
    public string SearchKnowledge(Kernel kernel, [Description("What to look for, in a few words.")] string query)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query is empty.", nameof(query));
        }

        var passages = _search?.Find(query, top: 3) ?? [];
        if (passages.Count == 0)
        {
            return "No knowledge-base entry matches.";
        }

        var request = ModelStageRequest.From(kernel);
        var text = new StringBuilder();
        foreach (var passage in passages)
        {
            request?.AddSource(passage.Title);
            text.Append("## ").Append(passage.Title).Append('\n').Append(passage.Text).Append("\n\n");
        }

        return text.ToString().TrimEnd();
    }

    [KernelFunction("linked_platforms")]
    [Description("Lists the chat platforms linked to the person you are talking with (they can talk to you from each).")]
    public async Task<string> LinkedPlatformsAsync(Kernel kernel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var request = ModelStageRequest.From(kernel);
        if (request?.Context is not { } person)
        {
            return "Not known: the person is anonymous.";
        }

        request.MarkPersonal();
        var platforms = _people is null ? [person.Platform] : await _people.GetLinkedPlatformsAsync(person.PersonId, cancellationToken);
        return platforms.Count <= 1
            ? $"Only {person.Platform}. They can link another platform with /link."
            : "Linked: " + string.Join(", ", platforms.Order(StringComparer.Ordinal)) + ".";
    }

    [KernelFunction("current_time")]
    [Description("The current date and time where the person is: in their time zone when known, else in UTC.")]
    public string CurrentTime(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var request = ModelStageRequest.From(kernel);
        var now = _time.GetUtcNow();
        if (request?.Context?.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            request.MarkPersonal();
            var local = TimeZoneInfo.ConvertTime(now, zone);
            return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} ({local:dddd}) in {zone.Id}, UTC{local:zzz}.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-dd HH:mm} ({now:dddd}) UTC; the person's time zone is not known.");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A kernel function of this plugin object.")]
    [KernelFunction("handoff")]
    [Description("Hands the conversation to a human operator. Use it when the person asks for a human, or when you cannot help.")]
    public string Handoff(Kernel kernel, [Description("One sentence for the operator: what the person needs.")] string reason)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var request = ModelStageRequest.From(kernel);
        if (request?.Context is null)
        {
            return "A hand-off is not possible here. Tell the person to write /human.";
        }

        request.RequestHandoff(string.IsNullOrWhiteSpace(reason) ? "The person asked for a human." : reason.Trim());
        return "Done: an operator has been asked to join. Tell the person a human will answer here soon.";
    }
}
