// Focus the field as soon as the page runs, as the popup does with its search field.
document.querySelector('input')?.focus();
