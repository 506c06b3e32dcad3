"""The admin's upload form: several files, or zips of them, for the importer."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data] or super().clean(None, initial)
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    # An empty file is the importer's to reject (that file only), not a reason to refuse the rest.
    files = MultipleFileField(
        allow_empty_file=True,
        label=_("文件"),
        help_text=_(".html/.htm(任意编码)、.txt 页面文本、.jsonl 记录,或这些文件的 .zip;可多选。"),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            raise forms.ValidationError(
                _("上传内容超过 %(mb)d MB 的上限,未导入任何文件。"),
                params={"mb": settings.ARCHIVE_UPLOAD_MAX_BYTES // 1_048_576},
                code="too_large",
            )
        return super().clean()
