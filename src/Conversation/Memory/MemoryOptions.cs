using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Memory;

/// <summary>
/// Long-term memory per person (<c>Memory</c>): facts a person asked the hub to remember ("remember that …",
/// <c>/remember</c>, the model's <c>remember</c> tool), shown with <c>/memory</c>, deleted with <c>/forget</c>, put into
/// the model's prompt as quoted data. How long an entry is kept is <c>Retention:Memories</c>.
/// </summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>False: nothing is remembered or put into prompts; the commands say memory is off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most facts kept per person; a new one beyond it is refused (the person deletes one first).</summary>
    [Range(1, 200)]
    public int MaxEntries { get; set; } = 20;

    /// <summary>The longest fact, in characters (after cleaning); a longer one is refused.</summary>
    [Range(10, 2000)]
    public int MaxLength { get; set; } = 300;
}
