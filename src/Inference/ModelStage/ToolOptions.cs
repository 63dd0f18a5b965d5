using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The model's tools (<c>Inference:Tools</c>): the built-in ones (knowledge-base search, the person's linked platforms,
/// the current time, hand-off) and the operator's HTTP tools (<see cref="Http"/>), with their bounds.
/// </summary>
public sealed class ToolOptions
{
    public const string SectionName = "Inference:Tools";

    /// <summary>False: the model gets no tools (grounding and the system prompt stay).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most model rounds with tool calls in one reply; then the model must answer.</summary>
    [Range(1, 16)]
    public int MaxRounds { get; set; } = 4;

    /// <summary>How long one tool call may take; then the model is told it timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A tool's output is cut to this many characters before the model sees it.</summary>
    [Range(100, 100_000)]
    public int MaxResultCharacters { get; set; } = 4000;

    /// <summary>Tool calls one person may cause per <see cref="BudgetWindow"/> (0: no limit).</summary>
    [Range(0, 1_000_000)]
    public int BudgetPerPerson { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Hosts the operator's HTTP tools may call (exact names, case-insensitive); a tool whose URL names another host stops the hub at start.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// The header that tells the operator's HTTP tools who asks: the hub user id (opaque, the same on every linked
    /// platform; never a platform's user id), absent for an anonymous request. Empty: not sent.
    /// </summary>
    public string? CallerHeader { get; set; } = DefaultCallerHeader;

    /// <summary>The default <see cref="CallerHeader"/>.</summary>
    public const string DefaultCallerHeader = "X-ChatHub-User";

    /// <summary>The operator's HTTP tools.</summary>
    public List<HttpToolOptions> Http { get; set; } = [];
}
