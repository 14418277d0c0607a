import factory

from huying.accounts.models import Department, Role, User


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    kind = Department.Kind.BUREAU


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    role = Role.HANDLER
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
