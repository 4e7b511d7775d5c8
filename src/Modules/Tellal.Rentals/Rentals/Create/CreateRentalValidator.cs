using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Contracts.Rentals;
using Tellal.Platform.Storage;
using Tellal.Rentals.Catalogue;

namespace Tellal.Rentals.Rentals.Create;

/// <summary>An order that passed validation: a known customer, known games each listed once, quantities in range.</summary>
public sealed record ValidRental(long CustomerId, IReadOnlyList<RentalItem> Items, string? Note);

/// <summary>
/// Checks an order completely and reports every problem under its field name (<c>items[2].quantity</c>), so the
/// API's problem details and a form's messages say the same thing. Customers and games are checked against Rentals'
/// own copy of the catalogue.
/// </summary>
internal sealed class CreateRentalValidator(TellalDbContext db, IOptions<RentalsOptions> options)
{
    public async Task<(ValidRental? Rental, Dictionary<string, string[]> Errors)> ValidateAsync(CreateRentalRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.CustomerId is not { } customerId)
        {
            errors["customerId"] = ["Required."];
        }
        else if (!await db.Set<KnownCustomer>().AnyAsync(c => c.CustomerId == customerId, cancellationToken))
        {
            errors["customerId"] = ["Unknown customer."];
        }

        var items = request.Items ?? [];
        if (items.Count == 0)
        {
            errors["items"] = ["At least one game."];
        }
        else if (items.Count > limits.MaxItems)
        {
            errors["items"] = [$"At most {limits.MaxItems} games in one order."];
        }
        else
        {
            await ValidateItemsAsync(items, limits, errors, cancellationToken);
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: var length } && length > limits.MaxNoteLength)
        {
            errors["note"] = [$"At most {limits.MaxNoteLength} characters."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ValidRental(request.CustomerId!.Value, items.Select(i => new RentalItem(i!.GameId!.Value, i.Quantity!.Value)).OrderBy(i => i.GameId).ToList(), note), errors);
    }

    private async Task ValidateItemsAsync(List<CreateRentalItem?> items, RentalsOptions limits, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i?.GameId).OfType<long>().Distinct().ToList();
        var known = (await db.Set<KnownGame>().Where(g => ids.Contains(g.GameId)).Select(g => g.GameId).ToListAsync(cancellationToken)).ToHashSet();
        var seen = new HashSet<long>();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var field = $"items[{index}]";
            if (item?.GameId is not { } gameId)
            {
                errors[$"{field}.gameId"] = ["Required."];
            }
            else if (!known.Contains(gameId))
            {
                errors[$"{field}.gameId"] = ["Unknown game."];
            }
            else if (!seen.Add(gameId))
            {
                errors[$"{field}.gameId"] = ["Listed twice: give the game once with its quantity."];
            }

            if (item?.Quantity is not { } quantity)
            {
                errors[$"{field}.quantity"] = ["Required."];
            }
            else if (quantity < 1 || quantity > limits.MaxQuantity)
            {
                errors[$"{field}.quantity"] = [$"From 1 to {limits.MaxQuantity}."];
            }
        }
    }
}
