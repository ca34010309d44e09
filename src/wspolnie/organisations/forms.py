from django import forms

from .models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "short_description"]
        widgets = {"short_description": forms.Textarea(attrs={"rows": 5})}
