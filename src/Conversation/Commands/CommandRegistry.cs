using System.Collections.Frozen;

namespace ChatHub.Conversation.Commands;

/// <summary>The registered commands by name; duplicate names fail at start.</summary>
public sealed class CommandRegistry
{
    private readonly FrozenDictionary<string, ICommandHandler> _handlers;

    public CommandRegistry(IEnumerable<ICommandHandler> handlers)
    {
        var map = new Dictionary<string, ICommandHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (var handler in handlers)
        {
            if (!map.TryAdd(handler.Name, handler))
            {
                throw new InvalidOperationException(
                    $"Two command handlers are named '/{handler.Name}': {map[handler.Name].GetType().Name} and {handler.GetType().Name}.");
            }
        }

        _handlers = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<ICommandHandler> All => _handlers.Values.OrderBy(h => h.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out ICommandHandler handler) => _handlers.TryGetValue(name, out handler!);

    /// <summary>
    /// Splits <c>/name@BotName args</c> into name and arguments. Returns false when the text is not a command.
    /// </summary>
    public static bool TryParse(string text, out string name, out string arguments)
    {
        name = "";
        arguments = "";
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] != '/' || !char.IsLetter(trimmed[1]))
        {
            return false;
        }

        var end = trimmed.IndexOfAny(' ', '\n', '\t');
        var head = end < 0 ? trimmed[1..] : trimmed[1..end];
        var at = head.IndexOf('@');
        name = (at < 0 ? head : head[..at]).ToString().ToLowerInvariant();
        arguments = end < 0 ? "" : trimmed[(end + 1)..].Trim().ToString();
        return true;
    }
}
